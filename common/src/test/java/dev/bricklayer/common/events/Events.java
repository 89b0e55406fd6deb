package dev.bricklayer.common.events;

import java.time.Instant;
import java.util.List;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.events.audit.AuditRecordKind;
import dev.bricklayer.common.events.audit.AuditRecordSealed;
import dev.bricklayer.common.events.identity.AccessGranted;
import dev.bricklayer.common.events.identity.DeprovisionReason;
import dev.bricklayer.common.events.identity.DataGrantApplied;
import dev.bricklayer.common.events.identity.DataGrantRemoved;
import dev.bricklayer.common.events.identity.GroupAssigned;
import dev.bricklayer.common.events.identity.HrEventIgnored;
import dev.bricklayer.common.events.identity.HrEventRejected;
import dev.bricklayer.common.events.identity.IdentityBootstrapFailed;
import dev.bricklayer.common.events.identity.UserDeprovisioned;
import dev.bricklayer.common.events.identity.UserProvisioned;
import dev.bricklayer.common.events.identity.WorkspaceIdentityBootstrapped;
import dev.bricklayer.common.events.identity.WorkspacePermission;
import dev.bricklayer.common.events.security.CatalogProvisioned;
import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.ClusterProvisioned;
import dev.bricklayer.common.events.security.DriftCorrected;
import dev.bricklayer.common.events.security.DriftDetected;
import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.security.WorkspaceSecuringFailed;
import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.token.TokenPolicyFailed;
import dev.bricklayer.common.events.token.TokenRevoked;
import dev.bricklayer.common.events.token.TokenSweepCompleted;
import dev.bricklayer.common.events.token.TokenViolationFound;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PrincipalKind;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceOnboarded;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.events.workspace.WorkspaceProvisioningFailed;
import dev.bricklayer.common.events.workspace.WorkspaceProvisioningStarted;
import dev.bricklayer.common.events.workspace.WorkspaceRequestRejected;

/** Object mother with one realistic instance of every event and value record of the catalog. */
public final class Events {

    private static final String WS = WorkspaceEvents.WORKSPACE;
    private static final Instant AT = Instant.parse("2025-03-01T09:10:00.123Z");

    private Events() {
    }

    /** One instance of every record under {@code dev.bricklayer.common.events}, with every field set where possible. */
    public static List<Record> all() {
        return List.of(
                // workspace
                WorkspaceEvents.requested(),
                WorkspaceEvents.requestedMinimal(),
                new WorkspaceRequestRejected(WS, WorkspaceEvents.REQUEST_ID,
                        List.of(new FieldError("/pricingTier", "tier", "IP access lists need the premium tier")), AT),
                new WorkspaceProvisioningStarted(WS, WorkspaceEvents.REQUEST_ID, WorkspaceEvents.SUBSCRIPTION_ID,
                        WorkspaceEvents.RESOURCE_GROUP, "bricklayer-" + WS + "-1", AT),
                WorkspaceEvents.ready(),
                WorkspaceEvents.readyInAccountScope(),
                new WorkspaceProvisioningFailed(WS, WorkspaceEvents.REQUEST_ID, "bricklayer-" + WS + "-1",
                        "InvalidTemplateDeployment", "The subnet 'snet-dbx-public' is not delegated.", AT),
                new WorkspaceOnboarded(WS, WorkspaceEvents.REQUEST_ID, "adb-1234567890123456.7.azuredatabricks.net", AT),
                new WorkspaceState(WS, WorkspaceState.Status.ONBOARDED, "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/" + WS,
                        "1234567890123456", "adb-1234567890123456.7.azuredatabricks.net", "westeurope", "premium",
                        java.util.Map.of("team", "finance"), "standard@1", AT),
                new WorkspaceDecommissionRequested(WS, "platform-team@contoso.com", "project closed", AT),
                new WorkspaceDecommissioned(WS, WorkspaceEvents.ready().resourceId(), AT),
                WorkspaceEvents.network(),
                WorkspaceEvents.desiredState(),
                // hr
                HrEvents.joined(),
                HrEvents.joinedContractorWithoutOptionals(),
                HrEvents.moved(),
                HrEvents.movedWithoutPrevious(),
                HrEvents.left(),
                // security
                new WorkspaceSecured(WS, true, 2, 1, 1, AT, 2),
                new WorkspaceSecuringFailed(WS, "ip-access-lists", "INVALID_STATE",
                        "Your current IP 198.51.100.9 will not be allowed to access the workspace", AT),
                new ClusterPolicyApplied(WS, "D96308F1BF0003A8", "fin-small", AT),
                new ClusterProvisioned(WS, "0301-091000-abcd1234", "fin-shared", "D96308F1BF0003A8", AT),
                new CatalogProvisioned(WS, "finance", "7a9e1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b", IsolationMode.ISOLATED, AT),
                new DriftDetected(WS, DriftMode.ENFORCE, List.of(
                        new DriftEntry("ip-access-list", "corp-vpn", "ip_addresses",
                                "[203.0.113.0/24, 198.51.100.7]", "[0.0.0.0/0]"),
                        new DriftEntry("cluster-policy", "fin-small", "*", "present", null)), AT),
                new DriftCorrected(WS, List.of(new DriftEntry("workspace-conf", "enableIpAccessLists", "value",
                        "true", "false")), AT),
                // identity
                new WorkspaceIdentityBootstrapped(WS, 2, 1, 14, 3, AT),
                new IdentityBootstrapFailed(WS, "groups", "uniqueness", "Group with name fin-analysts already exists.", AT),
                new UserProvisioned(WS, HrEvents.EMPLOYEE_ID, HrEvents.USER_NAME, "6543210987654321",
                        List.of("fin-analysts"), AT),
                new UserDeprovisioned(WS, HrEvents.EMPLOYEE_ID, HrEvents.USER_NAME, "6543210987654321",
                        List.of("fin-analysts"), DeprovisionReason.LEFT, AT),
                new AccessGranted(WS, PermissionObjectType.CLUSTER_POLICIES, "D96308F1BF0003A8", "fin-small",
                        PrincipalKind.GROUP, "fin-analysts", PermissionLevel.CAN_USE, AT),
                new HrEventRejected(HrEvents.EMPLOYEE_ID, "bricklayer.hr.UserJoined.v1",
                        "5f0c6c1e-77aa-4c55-9d1b-1b2c3d4e5f60", "schema",
                        List.of(new FieldError("/userName", "format", "does not match the email pattern")), AT),
                new GroupAssigned(WS, "fin-analysts", "7265134987312", WorkspacePermission.USER, AT),
                new DataGrantApplied(WS, "schema", "finance.reports", "fin-analysts", List.of("SELECT", "USE_SCHEMA"), AT),
                new DataGrantRemoved(WS, "catalog", "finance", "fin-engineers", List.of("MODIFY"), AT),
                new HrEventIgnored(HrEvents.EMPLOYEE_ID, "bricklayer.hr.UserJoined.v1", "0b7f4c2a-5e61-4d0e-8f3a-2c9d1e7b6a50",
                        "stale", "UserJoined occurredAt 2025-02-01T08:00:00Z is not after the last applied event (UserLeft at "
                        + "2025-03-01T08:15:30Z)", AT),
                // token
                new TokenPolicyApplied(WS, 90, List.of("fin-engineers"), List.of(WorkspaceEvents.PLATFORM_SP), AT),
                new TokenPolicyFailed(WS, "max-lifetime", "INVALID_PARAMETER_VALUE", "maxTokenLifetimeDays out of range", AT),
                new TokenRevoked(WS, "5715498424f15ee0213be729257b53fc35a47d5953e3bdfd8ed22a0b93b339f4",
                        HrEvents.USER_NAME, TokenRule.OWNER_INACTIVE, null, null, AT),
                new TokenViolationFound(WS, "c4b1a2d3e4f5", "bob@contoso.com", TokenRule.NEAR_EXPIRY,
                        AT.plusSeconds(3 * 86_400), "sweep-2025-03-01T09", AT),
                new TokenSweepCompleted(WS, "sweep-2025-03-01T09", 42, 3, 5, AT.minusSeconds(12), AT),
                // audit
                new ApiCallStarted("call-1", "security-service", WorkspaceEvents.PLATFORM_SP, "ip-access-lists", WS,
                        "adb-1234567890123456.7.azuredatabricks.net", "POST", "/api/2.0/ip-access-lists",
                        "/api/2.0/ip-access-lists", 1, "corr-1", AT),
                new ApiCallCompleted("call-1", "security-service", WS, 200, "SUCCESS", null, 143, 1, "corr-1", AT),
                new AuditRecordSealed(7, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "0".repeat(64), AuditRecordKind.COMPLETED, "call-1", "security-service", null, null, WS, null,
                        null, null, null, 200, "SUCCESS", null, 143L, 1, "corr-1", AT, AT.plusMillis(40), null));
    }
}
