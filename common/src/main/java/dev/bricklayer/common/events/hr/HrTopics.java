package dev.bricklayer.common.events.hr;

import java.util.List;

/** Kafka topics of the HR area; events come from the HR system, outside Bricklayer. */
public final class HrTopics {

    /** {@code UserJoined}, {@code UserMoved}, {@code UserLeft}. Key: employee id, so one person's events stay in order. */
    public static final String PEOPLE = "hr.people.events";

    /** The event types {@link #PEOPLE} carries; anything else on it is refused. */
    public static final List<Class<?>> PEOPLE_TYPES = List.of(UserJoined.class, UserMoved.class, UserLeft.class);

    private HrTopics() {
    }
}
