package dev.bricklayer.workspace.blueprint;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.workspace.arm.ArmOptions;

/**
 * A versioned description of a workspace: how ARM deploys it, and the desired state the security, identity and token
 * services make true in every workspace requested with it.
 *
 * @param name         the blueprint's name, e.g. {@code standard}
 * @param version      its version, 1, 2, …; a request without a version gets the highest
 * @param description  what it is for
 * @param desiredState IP access lists, cluster policies, clusters, groups, service principals, grants, token policy,
 *                     identity scope ({@code account} when the file does not say), Unity Catalog
 * @param arm          the workspace resource's options at api-version 2026-01-01; {@link ArmOptions#NONE} (the
 *                     2024-05-01 template) when the file has no {@code arm}
 */
public record Blueprint(String name, int version, String description, DesiredState desiredState, ArmOptions arm) {

    public Blueprint {
        arm = arm == null ? ArmOptions.NONE : arm;
    }

    /** {@code name@version}, as events and states name it. */
    public String reference() {
        return name + "@" + version;
    }
}
