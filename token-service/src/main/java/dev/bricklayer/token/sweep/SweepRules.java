package dev.bricklayer.token.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.bricklayer.common.events.workspace.RuleAction;
import dev.bricklayer.common.events.workspace.SweepRule;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.token.tokens.TokenInfo;

/**
 * The sweep rules of a token policy applied to one token. Of the rules a token matches, the first (in the
 * policy's order) whose action is {@code revoke} decides; if none revokes, the first {@code report} rule does.
 * So a token gets at most one outcome.
 */
public final class SweepRules {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private SweepRules() {
    }

    /** Whether a token's owner is still someone who may hold it. */
    public enum OwnerStatus {
        ACTIVE,
        /** SCIM {@code active=false}. */
        INACTIVE,
        /** No longer a user or service principal of the workspace. */
        GONE,
        /** Not looked up (the policy has no {@code owner-inactive} rule). */
        UNKNOWN
    }

    /** The rule that fired and what to do. */
    public record Finding(TokenRule rule, RuleAction action) {
    }

    public static Optional<Finding> evaluate(TokenPolicy policy, TokenInfo token, OwnerStatus owner, Instant now) {
        SweepRule report = null;
        for (SweepRule rule : policy.sweepRules()) {
            if (!matches(rule.rule(), policy, token, owner, now)) {
                continue;
            }
            if (rule.action() == RuleAction.REVOKE) {
                return Optional.of(new Finding(rule.rule(), RuleAction.REVOKE));
            }
            if (report == null) {
                report = rule;
            }
        }
        return Optional.ofNullable(report).map(rule -> new Finding(rule.rule(), RuleAction.REPORT));
    }

    /** Whether the policy needs to know who owns tokens and whether they are active. */
    public static boolean needsOwners(TokenPolicy policy) {
        return policy.sweepRules().stream().anyMatch(rule -> rule.rule() == TokenRule.OWNER_INACTIVE);
    }

    static boolean matches(TokenRule rule, TokenPolicy policy, TokenInfo token, OwnerStatus owner, Instant now) {
        long nowMs = now.toEpochMilli();
        return switch (rule) {
            case NO_EXPIRY -> token.neverExpires();
            // a token that never expires outlives any maximum
            case EXCEEDS_MAX_LIFETIME -> token.neverExpires()
                    || token.expiryTime() - token.creationTime() > policy.maxLifetimeDays() * DAY_MS;
            case OWNER_INACTIVE -> owner == OwnerStatus.INACTIVE || owner == OwnerStatus.GONE;
            // an expired token is no longer "near" expiry: it cannot be used
            case NEAR_EXPIRY -> !token.neverExpires() && token.expiryTime() > nowMs
                    && token.expiryTime() - nowMs <= policy.nearExpiryDays() * DAY_MS;
        };
    }
}
