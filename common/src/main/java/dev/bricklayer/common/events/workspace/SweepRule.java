package dev.bricklayer.common.events.workspace;

import java.util.Objects;

/**
 * One rule of a token sweep.
 *
 * @param rule   the condition checked
 * @param action what to do with a matching token
 */
public record SweepRule(TokenRule rule, RuleAction action) {

    public SweepRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
    }
}
