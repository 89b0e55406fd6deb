package dev.bricklayer.identity.rules;

import java.util.List;
import java.util.regex.Pattern;

import dev.bricklayer.common.files.FileProblem;

/**
 * The checks of a rule's account-scope fields: {@code workspacePermission} and {@code dataGrants} are held by the
 * rule's groups, so a rule with either names a group ({@code groups-required}); each data grant names exactly one
 * catalog or schema ({@code securable-required}), a name Unity Catalog takes ({@code pattern}: no spaces, periods,
 * slashes or control characters in a part; a schema as {@code catalog.schema}), and at least one privilege
 * ({@code non-empty}) that the securable type takes ({@code privilege}, after {@link SecurableType}).
 */
final class DataGrantChecks {

    /** A catalog or schema name part: Unity Catalog refuses spaces, periods, forward slashes and control characters. */
    private static final Pattern NAME_PART = Pattern.compile("[^\\s./\\p{Cntrl}]{1,255}");

    private DataGrantChecks() {
    }

    static void check(String file, String path, AccessRule rule, List<FileProblem> problems) {
        String name = rule.name();
        if (rule.groups().isEmpty() && (rule.workspacePermission() != null || !rule.dataGrants().isEmpty())) {
            problems.add(new FileProblem(file, path + "/groups", "groups-required", name,
                    "workspacePermission and dataGrants are held by the rule's groups: name at least one group"));
        }
        for (int i = 0; i < rule.dataGrants().size(); i++) {
            AccessRule.DataGrant grant = rule.dataGrants().get(i);
            String at = path + "/dataGrants/" + i;
            if (grant == null) {
                problems.add(new FileProblem(file, at, "securable-required", name, "a data grant names a catalog or a schema"));
                continue;
            }
            if ((grant.catalog() == null) == (grant.schema() == null)) {
                problems.add(new FileProblem(file, at, "securable-required", name,
                        "a data grant names either a catalog (catalog: analytics) or a schema (schema: analytics.reports), not both"));
                continue;
            }
            if (grant.catalog() != null && !NAME_PART.matcher(grant.catalog()).matches()) {
                problems.add(new FileProblem(file, at + "/catalog", "pattern", name, "'" + grant.catalog()
                        + "' is not a catalog name: Unity Catalog names have no spaces, periods, forward slashes or control characters"));
            }
            if (grant.schema() != null && !validSchema(grant.schema())) {
                problems.add(new FileProblem(file, at + "/schema", "pattern", name, "'" + grant.schema()
                        + "' is not a schema's full name: catalog.schema, each without spaces, periods, forward slashes or control characters"));
            }
            checkPrivileges(file, at, name, grant, problems);
        }
    }

    private static void checkPrivileges(String file, String at, String name, AccessRule.DataGrant grant, List<FileProblem> problems) {
        if (grant.privileges().isEmpty()) {
            problems.add(new FileProblem(file, at + "/privileges", "non-empty", name, "privileges lists no privilege"));
            return;
        }
        SecurableType type = grant.catalog() != null ? SecurableType.CATALOG : SecurableType.SCHEMA;
        for (int p = 0; p < grant.privileges().size(); p++) {
            String privilege = grant.privileges().get(p);
            if (privilege == null || !type.privileges().contains(privilege)) {
                problems.add(new FileProblem(file, at + "/privileges/" + p, "privilege", name, "'" + privilege + "' is not a privilege of a "
                        + type.wire() + " (" + String.join(", ", type.privileges()) + ")"));
            }
        }
    }

    private static boolean validSchema(String fullName) {
        String[] parts = fullName.split("\\.", -1);
        return parts.length == 2 && NAME_PART.matcher(parts[0]).matches() && NAME_PART.matcher(parts[1]).matches();
    }
}
