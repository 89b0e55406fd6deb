package dev.bricklayer.workspace.blueprint;

import dev.bricklayer.common.events.workspace.DesiredState;

/**
 * A versioned description of the desired state of a workspace: what the security, identity and token services
 * make true in every workspace requested with it.
 *
 * @param name         the blueprint's name, e.g. {@code standard}
 * @param version      its version, 1, 2, …; a request without a version gets the highest
 * @param description  what it is for
 * @param desiredState IP access lists, cluster policies, clusters, groups, service principals, grants, token policy
 */
public record Blueprint(String name, int version, String description, DesiredState desiredState) {

    /** {@code name@version}, as events and states name it. */
    public String reference() {
        return name + "@" + version;
    }
}
