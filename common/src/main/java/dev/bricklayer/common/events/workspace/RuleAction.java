package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a token sweep does with a token a {@link TokenRule} matches. */
public enum RuleAction {
    @JsonProperty("revoke") REVOKE,
    @JsonProperty("report") REPORT
}
