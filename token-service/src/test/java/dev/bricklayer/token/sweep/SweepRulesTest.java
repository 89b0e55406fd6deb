package dev.bricklayer.token.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.workspace.RuleAction;
import dev.bricklayer.common.events.workspace.SweepRule;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.token.sweep.SweepRules.Finding;
import dev.bricklayer.token.sweep.SweepRules.OwnerStatus;
import dev.bricklayer.token.tokens.TokenInfo;

class SweepRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long DAY = Duration.ofDays(1).toMillis();

    static TokenInfo token(long createdDaysAgo, Long lifetimeDays) {
        long created = NOW.toEpochMilli() - createdDaysAgo * DAY;
        return new TokenInfo("t", created, lifetimeDays == null ? TokenInfo.NEVER : created + lifetimeDays * DAY, null, 1L, "a@contoso.com", 1L);
    }

    static TokenPolicy policy(SweepRule... rules) {
        return new TokenPolicy(90, List.of(), List.of(), List.of(rules), 7);
    }

    static SweepRule revoke(TokenRule rule) {
        return new SweepRule(rule, RuleAction.REVOKE);
    }

    static SweepRule report(TokenRule rule) {
        return new SweepRule(rule, RuleAction.REPORT);
    }

    static Optional<Finding> evaluate(TokenPolicy policy, TokenInfo token, OwnerStatus owner) {
        return SweepRules.evaluate(policy, token, owner, NOW);
    }

    @Test
    void aTokenThatNeverExpiresMatchesNoExpiryAndExceedsAnyMaximum() {
        assertThat(evaluate(policy(revoke(TokenRule.NO_EXPIRY)), token(0, null), OwnerStatus.ACTIVE))
                .contains(new Finding(TokenRule.NO_EXPIRY, RuleAction.REVOKE));
        assertThat(evaluate(policy(revoke(TokenRule.EXCEEDS_MAX_LIFETIME)), token(0, null), OwnerStatus.ACTIVE))
                .contains(new Finding(TokenRule.EXCEEDS_MAX_LIFETIME, RuleAction.REVOKE));
    }

    @Test
    void theLifetimeIsExpiryMinusCreationAgainstTheMaximumInDays() {
        TokenPolicy policy = policy(revoke(TokenRule.EXCEEDS_MAX_LIFETIME));
        assertThat(evaluate(policy, token(10, 90L), OwnerStatus.ACTIVE)).isEmpty();
        assertThat(evaluate(policy, token(10, 91L), OwnerStatus.ACTIVE)).contains(new Finding(TokenRule.EXCEEDS_MAX_LIFETIME, RuleAction.REVOKE));
    }

    @Test
    void nearExpiryIsWithinTheWindowAndNotAlreadyExpired() {
        TokenPolicy policy = policy(report(TokenRule.NEAR_EXPIRY));
        assertThat(evaluate(policy, token(0, 7L), OwnerStatus.ACTIVE)).contains(new Finding(TokenRule.NEAR_EXPIRY, RuleAction.REPORT));
        assertThat(evaluate(policy, token(0, 8L), OwnerStatus.ACTIVE)).isEmpty();
        assertThat(evaluate(policy, token(10, 5L), OwnerStatus.ACTIVE)).as("expired").isEmpty();
        assertThat(evaluate(policy, token(0, null), OwnerStatus.ACTIVE)).as("never expires").isEmpty();
    }

    @Test
    void anInactiveOrGoneOwnerMatchesAndAnUnknownOneDoesNot() {
        TokenPolicy policy = policy(revoke(TokenRule.OWNER_INACTIVE));
        assertThat(evaluate(policy, token(0, 30L), OwnerStatus.INACTIVE)).contains(new Finding(TokenRule.OWNER_INACTIVE, RuleAction.REVOKE));
        assertThat(evaluate(policy, token(0, 30L), OwnerStatus.GONE)).contains(new Finding(TokenRule.OWNER_INACTIVE, RuleAction.REVOKE));
        assertThat(evaluate(policy, token(0, 30L), OwnerStatus.ACTIVE)).isEmpty();
        assertThat(evaluate(policy, token(0, 30L), OwnerStatus.UNKNOWN)).isEmpty();
        assertThat(SweepRules.needsOwners(policy)).isTrue();
        assertThat(SweepRules.needsOwners(policy(revoke(TokenRule.NO_EXPIRY)))).isFalse();
    }

    @Test
    void aRevokeRuleWinsOverAnEarlierReportRuleAndTheFirstOfEachKindDecides() {
        TokenPolicy policy = policy(report(TokenRule.NEAR_EXPIRY), report(TokenRule.OWNER_INACTIVE), revoke(TokenRule.OWNER_INACTIVE));
        // expires in 3 days (near expiry, reported) but its owner is inactive (revoked): revoked
        assertThat(evaluate(policy, token(0, 3L), OwnerStatus.INACTIVE)).contains(new Finding(TokenRule.OWNER_INACTIVE, RuleAction.REVOKE));
        // only report rules match: the first one in the policy's order
        assertThat(evaluate(policy(report(TokenRule.NEAR_EXPIRY), report(TokenRule.OWNER_INACTIVE)), token(0, 3L), OwnerStatus.INACTIVE))
                .contains(new Finding(TokenRule.NEAR_EXPIRY, RuleAction.REPORT));
        TokenPolicy both = policy(revoke(TokenRule.EXCEEDS_MAX_LIFETIME), revoke(TokenRule.NO_EXPIRY));
        assertThat(evaluate(both, token(0, null), OwnerStatus.ACTIVE)).contains(new Finding(TokenRule.EXCEEDS_MAX_LIFETIME, RuleAction.REVOKE));
    }

    @Test
    void aPolicyWithoutRulesFindsNothing() {
        assertThat(evaluate(policy(), token(0, null), OwnerStatus.GONE)).isEmpty();
    }
}
