package dev.bricklayer.identity.rules;

import java.util.Map;
import java.util.Set;

/**
 * What the rules need to know of a workspace.
 *
 * @param name   the workspace name
 * @param tags   its Azure tags
 * @param groups the groups its desired state defines (the groups Bricklayer manages there)
 */
public record WorkspaceView(String name, Map<String, String> tags, Set<String> groups) {

    public WorkspaceView {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
}
