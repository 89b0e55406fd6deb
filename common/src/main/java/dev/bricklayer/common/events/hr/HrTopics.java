package dev.bricklayer.common.events.hr;

/** Kafka topics of the HR area; events come from the HR system, outside Bricklayer. */
public final class HrTopics {

    /** {@code UserJoined}, {@code UserMoved}, {@code UserLeft}. Key: employee id, so one person's events stay in order. */
    public static final String PEOPLE = "hr.people.events";

    private HrTopics() {
    }
}
