package dev.bricklayer.identity.rules;

import java.util.List;
import java.util.Map;

import dev.bricklayer.common.events.identity.WorkspacePermission;
import dev.bricklayer.common.events.workspace.Entitlement;

/**
 * One access rule: people whose HR attributes {@link #match} get the {@link #workspaces} it selects, with its
 * {@link #groups} (those the workspace's desired state defines) and user {@link #entitlements}. In the account scope
 * its groups are also assigned to those workspaces with {@link #workspacePermission}, and hold its {@link #dataGrants}
 * on the catalogs the workspaces get.
 *
 * @param name                unique name, lower-case letters, digits and hyphens
 * @param description         optional, for people
 * @param match               which people the rule is for
 * @param workspaces          which workspaces it gives them
 * @param groups              group display names given in those workspaces
 * @param entitlements        entitlements given to the user itself (groups carry their own)
 * @param workspacePermission how the rule's groups are assigned to the workspaces it selects (account scope);
 *                            {@code USER} when absent, and {@code ADMIN} wins over {@code USER} across rules
 * @param dataGrants          Unity Catalog privileges the rule's groups hold (account scope)
 */
public record AccessRule(String name, String description, Match match, WorkspaceSelector workspaces, List<String> groups,
                         List<Entitlement> entitlements, WorkspacePermission workspacePermission, List<DataGrant> dataGrants) {

    public AccessRule {
        groups = groups == null ? List.of() : List.copyOf(groups);
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
        dataGrants = dataGrants == null ? List.of() : List.copyOf(dataGrants);
    }

    /**
     * Privileges on one catalog or one schema: exactly one of {@code catalog} and {@code schema} is given.
     *
     * @param catalog    a catalog name, e.g. {@code analytics}
     * @param schema     a schema's full name, e.g. {@code analytics.reports}
     * @param privileges Unity Catalog privileges as the Grants API spells them ({@code USE_CATALOG}, {@code SELECT}, …)
     */
    public record DataGrant(String catalog, String schema, List<String> privileges) {

        public DataGrant {
            privileges = privileges == null ? List.of() : List.copyOf(privileges);
        }

        /** The securable it names (checked at load: exactly one of the two). */
        public Securable securable() {
            return catalog != null ? new Securable(SecurableType.CATALOG, catalog) : new Securable(SecurableType.SCHEMA, schema);
        }
    }

    /**
     * HR attributes a person must have; every attribute named must hold one of its listed values (compared without
     * regard to case); an attribute not named accepts anything. {@code jobTitle} values may use {@code *} and
     * {@code ?} wildcards.
     */
    public record Match(List<String> department, List<String> costCentre, List<String> jobTitle, List<String> location,
                        List<String> employmentType) {
    }

    /**
     * Workspaces a rule gives: every workspace named in {@code names}, and every workspace carrying all of
     * {@code tags} (Azure tags, compared exactly).
     */
    public record WorkspaceSelector(Map<String, String> tags, List<String> names) {

        public WorkspaceSelector {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            names = names == null ? List.of() : List.copyOf(names);
        }
    }
}
