package dev.bricklayer.common.events.security;

import java.util.Objects;

/**
 * One difference between desired and actual state, readable by a person.
 *
 * @param objectType what kind of object drifted: {@code ip-access-list}, {@code cluster-policy}, {@code cluster},
 *                   {@code workspace-conf}, {@code catalog}, {@code schema}
 * @param objectName the object's label or name ({@code catalog.schema} for a schema)
 * @param attribute  the attribute that differs, e.g. {@code ip_addresses}, {@code definition}, {@code enabled},
 *                   {@code isolation_mode}, {@code binding};
 *                   {@code *} when the whole object is missing or unexpected
 * @param desired    the desired value rendered as text; {@code null} when the object should not exist
 * @param actual     the actual value rendered as text; {@code null} when the object is missing
 */
public record DriftEntry(String objectType, String objectName, String attribute, String desired, String actual) {

    public DriftEntry {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectName, "objectName");
        Objects.requireNonNull(attribute, "attribute");
    }
}
