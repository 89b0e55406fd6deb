package dev.bricklayer.identity.people;

import java.util.List;

/** What became of a valid HR event. One that can never be applied is refused with an {@code UnprocessableEventException}. */
public sealed interface HrEventOutcome {

    /** Applied to the people projection; these workspaces have work to do. */
    record Applied(String employeeId, List<String> workspaces) implements HrEventOutcome {
    }

    /**
     * Not applied because it does not count for the person, and announced ({@code HrEventIgnored}).
     *
     * @param reason {@code duplicate} or {@code stale}
     * @param detail the reason as a sentence naming the dates
     */
    record Ignored(String employeeId, String reason, String detail) implements HrEventOutcome {
    }
}
