package dev.bricklayer.emulator.workspace;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The account behind an identity-federated workspace (one with a Unity Catalog metastore assigned), as the
 * workspace's own APIs need it: its users and service principals are the account's, added to the workspace by
 * assignment.
 */
public interface AccountIdentities {

    /** Whether the workspace is identity-federated. */
    boolean federated(EmulatedWorkspace workspace);

    /**
     * Adds the account's user ({@code userName}) or service principal ({@code applicationId}) to the workspace — made
     * in the account first when it has none by that name — as a user, or as an admin; answers its copy in the
     * workspace's identities.
     */
    ObjectNode addToWorkspace(EmulatedWorkspace workspace, boolean servicePrincipal, String unique, String displayName,
                              boolean admin);

    /** Takes an account principal's direct assignment away from the workspace. */
    void removeFromWorkspace(EmulatedWorkspace workspace, String principalId);
}
