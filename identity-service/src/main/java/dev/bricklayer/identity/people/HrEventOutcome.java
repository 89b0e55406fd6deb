package dev.bricklayer.identity.people;

import java.util.List;

import dev.bricklayer.common.events.FieldError;

/** What became of one HR event. */
public sealed interface HrEventOutcome {

    /** Applied to the projection; these workspaces have work to do. */
    record Applied(String employeeId, List<String> workspaces) implements HrEventOutcome {
    }

    /** Not applied, harmlessly: a replay or an event older than the last one applied for the person. */
    record Ignored(String employeeId, String why) implements HrEventOutcome {
    }

    /** Can never be applied: dead-lettered with the reason and announced as {@code HrEventRejected}. */
    record Rejected(String employeeId, String reason, List<FieldError> errors) implements HrEventOutcome {

        /** The reason as one line: every field and rule. */
        public String describe() {
            return reason + ": " + errors.stream().map(e -> e.field() + " [" + e.rule() + "] " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse("");
        }
    }
}
