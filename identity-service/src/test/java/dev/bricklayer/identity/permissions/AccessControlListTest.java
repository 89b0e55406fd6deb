package dev.bricklayer.identity.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.workspace.Grant;
import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PrincipalKind;
import dev.bricklayer.identity.permissions.PermissionsClient.AccessControl;

class AccessControlListTest {

    @Test
    void aReplacedAclKeepsAdminsAtCanManageWhereTheTypeHasThatLevel() {
        List<AccessControl> cluster = GrantApplier.accessControlList(PermissionTable.of(PermissionObjectType.CLUSTERS), List.of(
                new Grant(PermissionObjectType.CLUSTERS, "c", PrincipalKind.GROUP, "data-analysts", PermissionLevel.CAN_ATTACH_TO, true),
                new Grant(PermissionObjectType.CLUSTERS, "c", PrincipalKind.SERVICE_PRINCIPAL, "2b0c4c9e-8a63-4b7e-9a4e-5d1e0c7a9f01",
                        PermissionLevel.CAN_RESTART, false)));
        assertThat(cluster).containsExactly(
                new AccessControl(null, "data-analysts", null, "CAN_ATTACH_TO"),
                new AccessControl(null, null, "2b0c4c9e-8a63-4b7e-9a4e-5d1e0c7a9f01", "CAN_RESTART"),
                new AccessControl(null, "admins", null, "CAN_MANAGE"));

        // cluster policies have only CAN_USE: nothing to keep
        assertThat(GrantApplier.accessControlList(PermissionTable.of(PermissionObjectType.CLUSTER_POLICIES), List.of(
                new Grant(PermissionObjectType.CLUSTER_POLICIES, "p", PrincipalKind.USER, "jo@contoso.com", PermissionLevel.CAN_USE, true))))
                .containsExactly(new AccessControl("jo@contoso.com", null, null, "CAN_USE"));
    }

    @Test
    void anAddedAclIsOnlyTheGrants() {
        assertThat(GrantApplier.accessControlList(PermissionTable.of(PermissionObjectType.CLUSTERS), List.of(
                new Grant(PermissionObjectType.CLUSTERS, "c", PrincipalKind.GROUP, "data-analysts", PermissionLevel.CAN_ATTACH_TO, false))))
                .containsExactly(new AccessControl(null, "data-analysts", null, "CAN_ATTACH_TO"));
    }

    @Test
    void tokenPermissionsAreNotIdentityServicesAndWorkspaceWideObjectsHaveFixedIds() {
        assertThat(PermissionTable.NOT_OURS).containsExactly(PermissionObjectType.TOKENS);
        assertThat(PermissionTable.of(PermissionObjectType.PASSWORDS).fixedId()).isEqualTo("passwords");
        assertThat(PermissionTable.of(PermissionObjectType.PASSWORDS).path()).isEqualTo("authorization");
        assertThat(PermissionTable.of(PermissionObjectType.SQL_WAREHOUSES).levels()).contains(PermissionLevel.CAN_USE);
        for (PermissionObjectType type : PermissionObjectType.values()) {
            assertThat(PermissionTable.of(type)).as(type.name()).isNotNull();
        }
    }
}
