package dev.bricklayer.security.changes;

import java.util.List;
import java.util.Objects;

import dev.bricklayer.common.events.security.DriftEntry;

/**
 * One write that brings a workspace closer to its desired state, with the differences it removes.
 *
 * @param step    the part of the work it belongs to: {@code ip-access-lists}, {@code workspace-conf},
 *                {@code cluster-policies}, {@code clusters} (named in a failure)
 * @param entries the differences, readable (desired and actual as text)
 * @param action  the call(s) that remove them
 */
public record Change(String step, List<DriftEntry> entries, Action action) {

    public Change {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(action, "action");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a change removes at least one difference");
        }
    }

    /** The write itself, run on a worker thread. */
    @FunctionalInterface
    public interface Action {
        void apply(ApplyContext context);
    }
}
