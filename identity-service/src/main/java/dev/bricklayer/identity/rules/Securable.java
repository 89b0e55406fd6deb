package dev.bricklayer.identity.rules;

import java.util.Objects;

/**
 * A Unity Catalog securable a rule grants on.
 *
 * @param type     catalog or schema
 * @param fullName {@code analytics}, {@code analytics.reports}
 */
public record Securable(SecurableType type, String fullName) implements Comparable<Securable> {

    public Securable {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fullName, "fullName");
    }

    /** The catalog it is, or is in. */
    public String catalog() {
        int dot = fullName.indexOf('.');
        return dot < 0 ? fullName : fullName.substring(0, dot);
    }

    /** The schema's own name; {@code null} for a catalog. */
    public String schema() {
        int dot = fullName.indexOf('.');
        return dot < 0 ? null : fullName.substring(dot + 1);
    }

    @Override
    public int compareTo(Securable other) {
        int byName = fullName.compareTo(other.fullName);
        return byName != 0 ? byName : type.compareTo(other.type);
    }

    @Override
    public String toString() {
        return type.wire() + " " + fullName;
    }
}
