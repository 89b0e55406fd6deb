package dev.bricklayer.common.rules;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names Unity Catalog accepts for catalogs and schemas (reference §7.8.2; Databricks' "Names" page): 1 to 255
 * characters, none of them a space, a period, a forward slash or a control character (the recorded 400 of
 * {@code CreateCatalog}: "Valid names cannot contain spaces, periods, forward slashes, or control characters"). Unity
 * Catalog keeps names in lower case, so two names that differ only in case are the same securable; the names every
 * metastore and every catalog already hold ({@code hive_metastore}, {@code system}; {@code information_schema}) cannot be
 * made.
 */
public final class UnityCatalogNames {

    /** The longest name Unity Catalog accepts. */
    public static final int MAX_LENGTH = 255;
    /** Catalogs every metastore has: the workspace's legacy Hive metastore and the system tables. */
    public static final Set<String> RESERVED_CATALOGS = Set.of("hive_metastore", "system");
    /** Schemas every catalog has (Unity Catalog also makes {@code default}, which may be declared: it is adopted). */
    public static final Set<String> RESERVED_SCHEMAS = Set.of("information_schema");

    private static final Pattern FORBIDDEN = Pattern.compile("[\\s./\\p{Cntrl}]");

    private UnityCatalogNames() {
    }

    /** What is wrong with {@code name} as a catalog or schema name; empty when Unity Catalog accepts it. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a name is required");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("'" + abbreviated(name) + "' has " + name.length() + " characters; Unity Catalog allows " + MAX_LENGTH);
        }
        if (FORBIDDEN.matcher(name).find()) {
            return Optional.of("'" + printable(name) + "' is not a valid name: valid names cannot contain spaces, periods, "
                    + "forward slashes, or control characters");
        }
        return Optional.empty();
    }

    /** The key Unity Catalog compares names by: lower case. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String abbreviated(String name) {
        return name.substring(0, 20) + "…";
    }

    private static String printable(String name) {
        return name.codePoints().mapToObj(c -> Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c))
                .reduce("", String::concat);
    }
}
