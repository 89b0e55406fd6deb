package dev.bricklayer.security.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.security.changes.Refusal;

/**
 * How one pass over a workspace ended.
 *
 * @param workspace   the workspace
 * @param pass        what kind of pass it was
 * @param result      what came of it
 * @param differences the differences found (drift), or the changes made (a reconcile)
 * @param failure     why it failed or was refused, else {@code null}
 * @param at          when it ended
 */
public record PassOutcome(String workspace, Pass pass, Result result, List<DriftEntry> differences, Failure failure, Instant at) {

    public PassOutcome {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(result, "result");
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    /** What a pass does. */
    public enum Pass {
        /** Converge to the desired state (on {@code WorkspaceReady}, or to retry one that did not end secured). */
        RECONCILE,
        /** Compare with the desired state; correct in {@code enforce} mode, report in {@code report} mode. */
        DRIFT,
        /** Compare only, reads only, nothing published or recorded. */
        INSPECT
    }

    /** What came of a pass; {@code BUSY}: not run, another instance held the workspace (a reconcile runs after it). */
    public enum Result {
        SECURED, IN_SYNC, DRIFT_REPORTED, DRIFT_CORRECTED, DRIFTED, REFUSED, FAILED, SKIPPED, BUSY
    }

    /**
     * Why a pass failed.
     *
     * @param step      {@code validate}, {@code ip-access-lists}, {@code workspace-conf}, {@code cluster-policies},
     *                  {@code clusters}, or {@code read}
     * @param code      the API's error code, or one of {@link Refusal.Problem}'s
     * @param message   for a person
     * @param retryable whether trying again later may succeed
     */
    public record Failure(String step, String code, String message, boolean retryable) {
    }
}
