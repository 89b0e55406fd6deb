package dev.bricklayer.emulator.workspace.scim;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.web.reactive.function.server.ServerRequest;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.IdentityStore;

/**
 * Databricks' rules on top of SCIM, shared by create, replace and patch: the entitlements a workspace knows,
 * members that must exist, the workspace's caps (10,000 users and service principals, 5,000 groups), and that only
 * workspace admins write.
 */
final class ScimRules {

    static final Set<String> ENTITLEMENTS = Set.of("allow-cluster-create", "allow-instance-pool-create",
            "databricks-sql-access", "workspace-access", "workspace-consume");
    static final int MAX_USERS_AND_SERVICE_PRINCIPALS = 10_000;
    static final int MAX_GROUPS = 5_000;

    private ScimRules() {
    }

    static void requireEntitlement(String value) {
        if (!ENTITLEMENTS.contains(value)) {
            throw EmulatorException.scim(400, "Invalid entitlement value: " + value + ". Allowed values: "
                    + String.join(", ", new TreeSet<>(ENTITLEMENTS)), "invalidValue");
        }
    }

    static void requireMember(IdentityStore identities, String memberId) {
        if (identities.principal(memberId).isEmpty()) {
            throw EmulatorException.scim(404, "Member with id " + memberId + " is not found", null);
        }
    }

    static void requireRoomFor(IdentityStore identities, ScimResourceType type) {
        if (type == ScimResourceType.GROUPS && identities.groups().size() >= MAX_GROUPS) {
            throw EmulatorException.scim(400, "The workspace has reached the limit of " + MAX_GROUPS + " groups", "tooMany");
        }
        if (type != ScimResourceType.GROUPS
                && identities.users().size() + identities.servicePrincipals().size() >= MAX_USERS_AND_SERVICE_PRINCIPALS) {
            throw EmulatorException.scim(400, "The workspace has reached the limit of " + MAX_USERS_AND_SERVICE_PRINCIPALS
                    + " users and service principals", "tooMany");
        }
    }

    static void requireAdmin(ServerRequest request) {
        if (!Caller.of(request).admin()) {
            throw EmulatorException.scim(403, "Only workspace admins can manage users, groups and service principals", null);
        }
    }
}
