package dev.bricklayer.emulator.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.bricklayer.emulator.server.EmulatorException;

/**
 * The securable types the emulator's Unity Catalog grants on, and the privileges each takes (the SDK's {@code Privilege}
 * values that apply to it, as the Unity Catalog privilege reference lists them per object; reference §7.8.4). A path
 * segment names a type in any case ({@code catalog}, {@code CATALOG}).
 */
enum Privileges {

    METASTORE(Set.of("CREATE_CATALOG", "CREATE_CLEAN_ROOM", "CREATE_CONNECTION", "CREATE_EXTERNAL_LOCATION", "CREATE_PROVIDER",
            "CREATE_RECIPIENT", "CREATE_SERVICE_CREDENTIAL", "CREATE_SHARE", "CREATE_STORAGE_CREDENTIAL", "MANAGE_ALLOWLIST",
            "SET_SHARE_PERMISSION", "USE_MARKETPLACE_ASSETS", "USE_PROVIDER", "USE_RECIPIENT", "USE_SHARE")),
    CATALOG(Set.of("ALL_PRIVILEGES", "APPLY_TAG", "BROWSE", "CREATE_FUNCTION", "CREATE_MATERIALIZED_VIEW", "CREATE_MODEL",
            "CREATE_SCHEMA", "CREATE_TABLE", "CREATE_VOLUME", "EXECUTE", "EXTERNAL_USE_SCHEMA", "MANAGE", "MODIFY", "READ_VOLUME",
            "REFRESH", "SELECT", "USE_CATALOG", "USE_SCHEMA", "WRITE_VOLUME")),
    SCHEMA(Set.of("ALL_PRIVILEGES", "APPLY_TAG", "CREATE_FUNCTION", "CREATE_MATERIALIZED_VIEW", "CREATE_MODEL", "CREATE_TABLE",
            "CREATE_VOLUME", "EXECUTE", "EXTERNAL_USE_SCHEMA", "MANAGE", "MODIFY", "READ_VOLUME", "REFRESH", "SELECT", "USE_SCHEMA",
            "WRITE_VOLUME")),
    TABLE(Set.of("ALL_PRIVILEGES", "APPLY_TAG", "MANAGE", "MODIFY", "SELECT"));

    private static final Map<String, Privileges> BY_NAME = Map.of("metastore", METASTORE, "catalog", CATALOG, "schema", SCHEMA,
            "table", TABLE);

    private final Set<String> privileges;

    Privileges(Set<String> privileges) {
        this.privileges = privileges;
    }

    /** The type a path segment names; 400 {@code INVALID_PARAMETER_VALUE} for one the emulator does not grant on. */
    static Privileges of(String segment) {
        Privileges type = BY_NAME.get(segment.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Unsupported securable type "
                    + segment.toUpperCase(Locale.ROOT) + ".");
        }
        return type;
    }

    /** 400 {@code INVALID_PARAMETER_VALUE} for a privilege this type does not take ([K] the text). */
    void require(String privilege, String fullName) {
        if (!privileges.contains(privilege)) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Privilege " + privilege
                    + " is not applicable to this entity [" + name() + ":" + fullName + "].");
        }
    }

    /** The type one level up, whose grants are inherited here (a metastore's are not: they are no data privileges). */
    Privileges parent() {
        return switch (this) {
            case TABLE -> SCHEMA;
            case SCHEMA -> CATALOG;
            default -> null;
        };
    }
}
