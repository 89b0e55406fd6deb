package dev.bricklayer.common.events.token;

import java.time.Instant;
import java.util.Objects;

import dev.bricklayer.common.events.workspace.TokenRule;

/**
 * Published by token-service on {@link TokenTopics#EVENTS} when it revoked a personal access token, by a sweep
 * rule with action {@code revoke} or because the owner left. Never carries the token value. Kafka key:
 * {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param tokenId       the token's {@code token_id}
 * @param owner         user name or service principal application id owning the token
 * @param rule          the rule that fired
 * @param expiresAt     the token's expiry; {@code null} when it never expired
 * @param sweepId       the sweep that revoked it; {@code null} when a leaver event did
 * @param occurredAt    when the token was revoked
 */
public record TokenRevoked(
        String workspaceName,
        String tokenId,
        String owner,
        TokenRule rule,
        Instant expiresAt,
        String sweepId,
        Instant occurredAt) {

    public TokenRevoked {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
