package dev.bricklayer.identity.rules;

import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Unity Catalog securables access rules grant on, and the privileges each takes — a table after the Unity Catalog
 * privileges reference (privilege model 1.0): a catalog takes its own privileges and those of the objects in it, which
 * they are inherited by; a schema likewise, without the catalog's own ({@code BROWSE}, {@code CREATE_SCHEMA},
 * {@code USE_CATALOG}). Privileges are spelled as the Grants API spells them ({@code USE_CATALOG}, not
 * {@code USE CATALOG}).
 */
public enum SecurableType {

    CATALOG(Set.of("ALL_PRIVILEGES", "APPLY_TAG", "BROWSE", "CREATE_FUNCTION", "CREATE_MATERIALIZED_VIEW", "CREATE_MODEL",
            "CREATE_SCHEMA", "CREATE_TABLE", "CREATE_VOLUME", "EXECUTE", "EXTERNAL_USE_SCHEMA", "MANAGE", "MODIFY", "READ_VOLUME",
            "REFRESH", "SELECT", "USE_CATALOG", "USE_SCHEMA", "WRITE_VOLUME")),
    SCHEMA(Set.of("ALL_PRIVILEGES", "APPLY_TAG", "CREATE_FUNCTION", "CREATE_MATERIALIZED_VIEW", "CREATE_MODEL", "CREATE_TABLE",
            "CREATE_VOLUME", "EXECUTE", "EXTERNAL_USE_SCHEMA", "MANAGE", "MODIFY", "READ_VOLUME", "REFRESH", "SELECT", "USE_SCHEMA",
            "WRITE_VOLUME"));

    private final SortedSet<String> privileges;

    SecurableType(Set<String> privileges) {
        this.privileges = new TreeSet<>(privileges);
    }

    /** The privileges this type takes. */
    public SortedSet<String> privileges() {
        return privileges;
    }

    /** The type as the Grants API's path spells it: {@code catalog}, {@code schema}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a wire name spells, in any case. */
    public static SecurableType of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
