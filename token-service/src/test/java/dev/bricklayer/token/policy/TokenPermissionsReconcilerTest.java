package dev.bricklayer.token.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.token.permissions.TokenPermissionsClient;
import dev.bricklayer.token.permissions.TokenPermissionsClient.AccessControl;
import dev.bricklayer.token.permissions.TokenPermissionsClient.AccessControlRequest;
import dev.bricklayer.token.permissions.TokenPermissionsClient.ObjectPermissions;
import dev.bricklayer.token.permissions.TokenPermissionsClient.Permission;
import dev.bricklayer.token.scim.ScimClient;
import dev.bricklayer.token.tokens.TokensClient;
import reactor.core.publisher.Mono;

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

    static final WorkspaceTarget WORKSPACE = new WorkspaceTarget("ws", URI.create("https://ws.example"), null,
            WorkspaceTarget.Credentials.AAD);

    /** Token permissions that refuse the first {@code refusals} writes as Databricks does for an unknown principal. */
    static final class RefusingPermissions extends TokenPermissionsClient {
        final AtomicInteger writes = new AtomicInteger();
        final int refusals;

        RefusingPermissions(int refusals) {
            super(null);
            this.refusals = refusals;
        }

        @Override
        public Mono<ObjectPermissions> get(WorkspaceTarget workspace) {
            return Mono.just(new ObjectPermissions("/authorization/tokens", List.of(group("admins", "CAN_MANAGE", false))));
        }

        @Override
        public Mono<ObjectPermissions> set(WorkspaceTarget workspace, List<AccessControlRequest> entries) {
            if (writes.incrementAndGet() <= refusals) {
                return Mono.error(new ApiException(ApiException.ErrorFormat.DATABRICKS, 400, "INVALID_PARAMETER_VALUE",
                        "Principal: ServicePrincipalName(11111111-2222-3333-4444-555555555555) does not exist", null, null, null,
                        "PUT", "/api/2.0/permissions/authorization/tokens"));
            }
            return get(workspace);
        }
    }

    /** SCIM that knows every principal it is asked about. */
    static final class EveryPrincipalExists extends ScimClient {
        EveryPrincipalExists() {
            super(null);
        }

        @Override
        public Mono<Set<String>> existingGroups(WorkspaceTarget workspace, Collection<String> names) {
            return Mono.just(Set.copyOf(names));
        }

        @Override
        public Mono<Set<String>> existingServicePrincipals(WorkspaceTarget workspace, Collection<String> applicationIds) {
            return Mono.just(Set.copyOf(applicationIds));
        }
    }

    static TokenPermissionsReconciler reconciler(TokenPermissionsClient permissions) {
        return new TokenPermissionsReconciler(permissions, new TokensClient(null), new EveryPrincipalExists(), Duration.ofSeconds(5),
                Duration.ofMillis(10), Duration.ofMinutes(5), "bootstrap");
    }

    @Test
    void aPrincipalCreatedBetweenTheRefusalAndTheCheckIsWrittenOnTheNextTry() throws InterruptedException {
        RefusingPermissions permissions = new RefusingPermissions(1);

        TokenPermissionsReconciler.Outcome outcome = reconciler(permissions).reconcile(WORKSPACE, POLICY);

        assertThat(outcome.written()).isTrue();
        assertThat(permissions.writes).hasValue(2);
    }

    @Test
    void aRefusalWithEveryPrincipalKnownToExistIsFinalAfterOneMoreTry() {
        RefusingPermissions permissions = new RefusingPermissions(Integer.MAX_VALUE);

        assertThatThrownBy(() -> reconciler(permissions).reconcile(WORKSPACE, POLICY))
                .isInstanceOf(PolicyStepException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE");
        assertThat(permissions.writes).hasValue(2);
    }
}
