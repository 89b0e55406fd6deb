package dev.bricklayer.security;

import java.time.Instant;
import java.util.List;

import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;

/** Stored workspaces for tests of what runs over them. */
public final class SecuredWorkspaces {

    private SecuredWorkspaces() {
    }

    /** A workspace with the standard desired state whose last reconcile ended {@code status}. */
    public static SecuredWorkspace of(String name, Status status) {
        return new SecuredWorkspace(name, "https://" + name + ".azuredatabricks.net",
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/" + name, DesiredStates.standard(),
                Instant.parse("2025-03-01T08:00:00Z"), status, null, null, null, null, null, null, List.of());
    }
}
