package dev.bricklayer.common.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;

/**
 * The table of events that come from outside Bricklayer and therefore have a published JSON Schema, with the
 * classpath location of each: {@code schemas/<area>/<EventName>.v<N>.schema.json}.
 *
 * <p>Schema policy: draft 2020-12; property names exactly those of the payload record; optional properties may be
 * absent or {@code null}; {@code additionalProperties: false} on every object with a fixed shape (the free-form
 * {@code tags} and {@code overrides} excepted), because a misspelt optional field such as {@code costCenter} would
 * otherwise be dropped silently. Adding an optional property therefore means shipping the new schema to consumers
 * before producers send it.
 */
public final class EventSchemas {

    /** Classpath folder of the schemas. */
    public static final String ROOT = "schemas/";

    private static final List<Class<?>> INBOUND = List.of(
            UserJoined.class, UserMoved.class, UserLeft.class, WorkspaceRequested.class, WorkspaceDecommissionRequested.class);

    /** ce_type → classpath resource. */
    private static final Map<String, String> BY_CE_TYPE;
    /** simple event name → ce_type of its latest version. */
    private static final Map<String, String> LATEST_BY_NAME;

    static {
        Map<String, String> byType = new LinkedHashMap<>();
        Map<String, String> latest = new LinkedHashMap<>();
        for (Class<?> type : INBOUND) {
            String ceType = EventTypes.of(type);
            byType.put(ceType, resourceFor(ceType));
            latest.put(type.getSimpleName(), ceType);
        }
        BY_CE_TYPE = Map.copyOf(byType);
        LATEST_BY_NAME = Map.copyOf(latest);
    }

    private EventSchemas() {
    }

    /** Every {@code ce_type} that has a schema. */
    public static Set<String> ceTypes() {
        return BY_CE_TYPE.keySet();
    }

    /**
     * Resolves an event type to its {@code ce_type}: accepts a {@code ce_type} ({@code bricklayer.hr.UserJoined.v1})
     * or a bare event name ({@code UserJoined}, meaning its latest version). Empty when no schema exists for it.
     */
    public static Optional<String> ceTypeOf(String eventType) {
        if (eventType == null) {
            return Optional.empty();
        }
        if (BY_CE_TYPE.containsKey(eventType)) {
            return Optional.of(eventType);
        }
        return Optional.ofNullable(LATEST_BY_NAME.get(eventType));
    }

    /** The classpath resource of the schema of version 1 of {@code payloadType}; empty when it has none. */
    public static Optional<String> schemaResource(Class<?> payloadType) {
        return ceTypeOf(EventTypes.of(payloadType)).map(BY_CE_TYPE::get);
    }

    /** The classpath resource of the schema of {@code eventType} (a {@code ce_type} or bare event name). */
    public static Optional<String> schemaResource(String eventType) {
        return ceTypeOf(eventType).map(BY_CE_TYPE::get);
    }

    /** {@code bricklayer.hr.UserJoined.v1} → {@code schemas/hr/UserJoined.v1.schema.json}. */
    private static String resourceFor(String ceType) {
        String[] parts = ceType.split("\\.");
        // bricklayer . <area> . <EventName> . v<N>
        return ROOT + parts[1] + "/" + parts[2] + "." + parts[3] + ".schema.json";
    }
}
