package dev.bricklayer.identity.rules;

import java.util.Map;
import java.util.Set;

/**
 * What the rules need to know of a workspace.
 *
 * @param name     the workspace name
 * @param tags     its Azure tags
 * @param groups   the groups its desired state defines (the groups Bricklayer manages there)
 * @param catalogs the Unity Catalog catalogs its desired state gives it, each with its schemas ({@code default} among
 *                 them, as Unity Catalog makes it); empty without Unity Catalog
 */
public record WorkspaceView(String name, Map<String, String> tags, Set<String> groups, Map<String, Set<String>> catalogs) {

    public WorkspaceView {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        catalogs = catalogs == null ? Map.of() : Map.copyOf(catalogs);
    }

    /** A workspace without Unity Catalog catalogs. */
    public WorkspaceView(String name, Map<String, String> tags, Set<String> groups) {
        this(name, tags, groups, Map.of());
    }

    /** Whether the workspace has this catalog, or this schema in one of its catalogs. */
    public boolean has(Securable securable) {
        Set<String> schemas = catalogs.get(securable.catalog());
        return schemas != null && (securable.schema() == null || schemas.contains(securable.schema()));
    }
}
