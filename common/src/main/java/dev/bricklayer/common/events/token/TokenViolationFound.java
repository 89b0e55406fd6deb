package dev.bricklayer.common.events.token;

import java.time.Instant;
import java.util.Objects;

import dev.bricklayer.common.events.workspace.TokenRule;

/**
 * Published by token-service on {@link TokenTopics#EVENTS} when a sweep finds a token matching a rule whose
 * action is {@code report} (e.g. near expiry); the token is left alone. Never carries the token value.
 * Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param tokenId       the token's {@code token_id}
 * @param owner         user name or service principal application id owning the token
 * @param rule          the rule that matched
 * @param expiresAt     the token's expiry; {@code null} when it never expires
 * @param sweepId       the sweep that found it
 * @param occurredAt    when it was found
 */
public record TokenViolationFound(
        String workspaceName,
        String tokenId,
        String owner,
        TokenRule rule,
        Instant expiresAt,
        String sweepId,
        Instant occurredAt) {

    public TokenViolationFound {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
