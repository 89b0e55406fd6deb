package dev.bricklayer.emulator.directory;

import java.util.List;

/**
 * A security group of an Entra ID tenant.
 *
 * @param tenantId        the tenant
 * @param objectId        the object id: what Azure Databricks calls the group's external id
 * @param displayName     display name
 * @param memberObjectIds object ids of its members (people, service principals, groups)
 */
public record DirectoryGroup(String tenantId, String objectId, String displayName, List<String> memberObjectIds) {

    public DirectoryGroup {
        memberObjectIds = memberObjectIds == null ? List.of() : List.copyOf(memberObjectIds);
    }
}
