package dev.bricklayer.common.events;

import java.util.Objects;

/**
 * CloudEvents {@code ce_type} naming of Bricklayer events: {@code bricklayer.<area>.<EventName>.v<N>}, where
 * {@code area} is the last segment of the payload record's package ({@code dev.bricklayer.common.events.hr} ⇒
 * {@code hr}) and {@code EventName} is the record's simple name.
 */
public final class EventTypes {

    /** Prefix of every Bricklayer {@code ce_type}. */
    public static final String PREFIX = "bricklayer.";

    private static final String EVENTS_PACKAGE = "dev.bricklayer.common.events.";

    private EventTypes() {
    }

    /**
     * The {@code ce_type} of {@code payloadType} at the version its {@link EventVersion} says (1 when absent),
     * e.g. {@code bricklayer.hr.UserJoined.v1}.
     */
    public static String of(Class<?> payloadType) {
        EventVersion version = payloadType.getAnnotation(EventVersion.class);
        return of(payloadType, version == null ? 1 : version.value());
    }

    /** The {@code ce_type} of the given version of {@code payloadType}. */
    public static String of(Class<?> payloadType, int version) {
        Objects.requireNonNull(payloadType, "payloadType");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        String pkg = payloadType.getPackageName();
        if (!pkg.startsWith(EVENTS_PACKAGE) || pkg.substring(EVENTS_PACKAGE.length()).contains(".")) {
            throw new IllegalArgumentException(payloadType.getName() + " is not an event of an area package");
        }
        return PREFIX + pkg.substring(EVENTS_PACKAGE.length()) + "." + payloadType.getSimpleName() + ".v" + version;
    }
}
