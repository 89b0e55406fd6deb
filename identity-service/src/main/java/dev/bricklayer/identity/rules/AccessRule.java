package dev.bricklayer.identity.rules;

import java.util.List;
import java.util.Map;

import dev.bricklayer.common.events.workspace.Entitlement;

/**
 * One access rule: people whose HR attributes {@link #match} get the {@link #workspaces} it selects, with its
 * {@link #groups} (those the workspace's desired state defines) and user {@link #entitlements}.
 *
 * @param name         unique name, lower-case letters, digits and hyphens
 * @param description  optional, for people
 * @param match        which people the rule is for
 * @param workspaces   which workspaces it gives them
 * @param groups       group display names given in those workspaces
 * @param entitlements entitlements given to the user itself (groups carry their own)
 */
public record AccessRule(String name, String description, Match match, WorkspaceSelector workspaces, List<String> groups,
                         List<Entitlement> entitlements) {

    public AccessRule {
        groups = groups == null ? List.of() : List.copyOf(groups);
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
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
