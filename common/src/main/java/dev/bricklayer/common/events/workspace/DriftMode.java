package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a reconciler does when the actual state of a workspace has drifted from the desired state. */
public enum DriftMode {
    /** Converge: put the desired state back and report what was corrected. */
    @JsonProperty("enforce") ENFORCE,
    /** Only report the drift. */
    @JsonProperty("report") REPORT
}
