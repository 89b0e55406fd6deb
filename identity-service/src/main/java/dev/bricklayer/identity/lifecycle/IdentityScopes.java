package dev.bricklayer.identity.lifecycle;

import java.util.EnumMap;
import java.util.Map;

import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/** The table of what each identity scope does ({@link ScopedIdentities}), looked up by a workspace's desired state. */
public final class IdentityScopes {

    private final Map<IdentityScope, ScopedIdentities> scopes;

    public IdentityScopes(Map<IdentityScope, ScopedIdentities> scopes) {
        this.scopes = new EnumMap<>(scopes);
        for (IdentityScope scope : IdentityScope.values()) {
            if (!this.scopes.containsKey(scope)) {
                throw new IllegalArgumentException("no implementation of the " + scope + " scope");
            }
        }
    }

    /** What the workspace's scope does. */
    public ScopedIdentities of(WorkspaceRecord workspace) {
        return scopes.get(workspace.scope());
    }
}
