package dev.bricklayer.token.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.token.databricks.TokenPermissionsClient.AccessControl;
import dev.bricklayer.token.databricks.TokenPermissionsClient.AccessControlRequest;
import dev.bricklayer.token.databricks.TokenPermissionsClient.ObjectPermissions;
import dev.bricklayer.token.databricks.TokenPermissionsClient.Permission;

class TokenPermissionsReconcilerTest {

    static final TokenPolicy POLICY = new TokenPolicy(90, List.of("data-engineers"), List.of("11111111-2222-3333-4444-555555555555"),
            List.of(), 7);

    static AccessControl group(String name, String level, boolean inherited) {
        return new AccessControl(null, name, null, List.of(new Permission(level, inherited)));
    }

    @Test
    void theRequestKeepsAdminsManagingAndGivesExactlyThePolicysPrincipalsCanUse() {
        assertThat(TokenPermissionsReconciler.request(POLICY)).containsExactly(
                AccessControlRequest.group("admins", "CAN_MANAGE"),
                AccessControlRequest.group("data-engineers", "CAN_USE"),
                AccessControlRequest.servicePrincipal("11111111-2222-3333-4444-555555555555", "CAN_USE"));
    }

    @Test
    void theCurrentStateIsTheDirectEntriesWithoutAdmins() {
        ObjectPermissions answer = new ObjectPermissions("/authorization/tokens", List.of(group("admins", "CAN_MANAGE", false),
                group("users", "CAN_USE", false), new AccessControl("a@contoso.com", null, null, List.of(new Permission("CAN_USE", false))),
                group("inherited-only", "CAN_USE", true)));

        assertThat(TokenPermissionsReconciler.current(answer)).isEqualTo(Map.of("group:users", "CAN_USE", "user:a@contoso.com", "CAN_USE"));
    }

    @Test
    void whatIsAlreadyThereNeedsNoWriteAndAnythingElseDoes() {
        ObjectPermissions exact = new ObjectPermissions("/authorization/tokens", List.of(group("admins", "CAN_MANAGE", false),
                group("data-engineers", "CAN_USE", false), new AccessControl(null, null, "11111111-2222-3333-4444-555555555555",
                        List.of(new Permission("CAN_USE", false)))));
        ObjectPermissions withUsers = new ObjectPermissions("/authorization/tokens", List.of(group("admins", "CAN_MANAGE", false),
                group("data-engineers", "CAN_USE", false), group("users", "CAN_USE", false), new AccessControl(null, null,
                        "11111111-2222-3333-4444-555555555555", List.of(new Permission("CAN_USE", false)))));

        assertThat(TokenPermissionsReconciler.current(exact)).isEqualTo(TokenPermissionsReconciler.desired(POLICY));
        assertThat(TokenPermissionsReconciler.current(withUsers)).isNotEqualTo(TokenPermissionsReconciler.desired(POLICY));
    }
}
