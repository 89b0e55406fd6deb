package dev.bricklayer.common.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.events.workspace.ClusterSpec;
import dev.bricklayer.common.events.workspace.BindingType;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.events.workspace.UnityCatalogSpec;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.Entitlement;
import dev.bricklayer.common.events.workspace.Grant;
import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.PrincipalKind;
import dev.bricklayer.common.events.workspace.RuleAction;
import dev.bricklayer.common.events.workspace.ServicePrincipalSpec;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.SweepRule;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;

/** Object mother of workspace requests and desired states: the Finance analytics workspace. */
public final class WorkspaceEvents {

    public static final String WORKSPACE = "fin-analytics-prod";
    public static final String REQUEST_ID = "req-2025-0042";
    public static final String SUBSCRIPTION_ID = "7f3c2a10-5b8e-4d2f-9a61-0c4e8b7d1f23";
    public static final String RESOURCE_GROUP = "rg-fin-analytics";
    public static final Instant OCCURRED_AT = Instant.parse("2025-03-01T09:00:00Z");
    public static final String PLATFORM_SP = "3b5f6c1e-2d4a-4f8b-a9c7-e1d2f3a4b5c6";

    private WorkspaceEvents() {
    }

    public static NetworkSpec network() {
        return new NetworkSpec("vnet-fin-analytics", "10.28.0.0/23",
                new Subnet("snet-dbx-public", "10.28.0.0/24"),
                new Subnet("snet-dbx-private", "10.28.1.0/24"),
                "nsg-dbx-fin", true);
    }

    public static WorkspaceRequested requested() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("tokenPolicy", Map.of("maxLifetimeDays", 30));
        overrides.put("driftMode", "report");
        overrides.put("ipAccessLists", List.of(Map.of("label", "corp-vpn", "listType", "ALLOW",
                "addresses", List.of("203.0.113.0/24"))));
        return new WorkspaceRequested(REQUEST_ID, WORKSPACE, SUBSCRIPTION_ID, RESOURCE_GROUP, "westeurope",
                PricingTier.PREMIUM, network(), Map.of("department", "Finance", "env", "prod"),
                new BlueprintRef("analytics-standard", "3"), overrides, "platform-team@contoso.com", OCCURRED_AT);
    }

    /** A request using the managed VNet, no tags, no overrides. */
    public static WorkspaceRequested requestedMinimal() {
        return new WorkspaceRequested("req-2025-0043", "sandbox_01", SUBSCRIPTION_ID, "rg-sandbox", "northeurope",
                PricingTier.STANDARD, null, null, new BlueprintRef("sandbox", "1.2"), null,
                PLATFORM_SP, OCCURRED_AT);
    }

    public static WorkspaceDecommissionRequested decommissionRequested() {
        return new WorkspaceDecommissionRequested(WORKSPACE, "platform-team@contoso.com", "project closed", OCCURRED_AT);
    }

    public static WorkspaceDecommissionRequested decommissionRequestedMinimal() {
        return new WorkspaceDecommissionRequested("sandbox_01", null, null, OCCURRED_AT);
    }

    public static DesiredState desiredState() {
        return new DesiredState(
                List.of(new IpAccessList("corp-vpn", ListType.ALLOW, List.of("203.0.113.0/24", "198.51.100.7")),
                        new IpAccessList("known-bad", ListType.BLOCK, List.of("192.0.2.0/24"))),
                List.of(new ClusterPolicy("fin-small",
                        "{\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"Standard_DS3_v2\"]}}",
                        "Small clusters for Finance", 2)),
                List.of(new ClusterSpec("fin-shared", "fin-small",
                        Map.of("spark_version", "15.4.x-scala2.12", "node_type_id", "Standard_DS3_v2",
                                "num_workers", 2, "autotermination_minutes", 30))),
                List.of(new GroupSpec("fin-analysts", List.of(Entitlement.WORKSPACE_ACCESS, Entitlement.DATABRICKS_SQL_ACCESS)),
                        new GroupSpec("fin-engineers", List.of(Entitlement.WORKSPACE_ACCESS, Entitlement.ALLOW_CLUSTER_CREATE))),
                List.of(new ServicePrincipalSpec(PLATFORM_SP, "sp-fin-etl", List.of(Entitlement.WORKSPACE_ACCESS))),
                List.of(new Grant(PermissionObjectType.CLUSTER_POLICIES, "fin-small", PrincipalKind.GROUP, "fin-analysts",
                                PermissionLevel.CAN_USE, true),
                        new Grant(PermissionObjectType.CLUSTERS, "fin-shared", PrincipalKind.GROUP, "fin-engineers",
                                PermissionLevel.CAN_RESTART, false),
                        new Grant(PermissionObjectType.TOKENS, "tokens", PrincipalKind.SERVICE_PRINCIPAL, PLATFORM_SP,
                                PermissionLevel.CAN_USE, false)),
                new TokenPolicy(90, List.of("fin-engineers"), List.of(PLATFORM_SP),
                        List.of(new SweepRule(TokenRule.NO_EXPIRY, RuleAction.REVOKE),
                                new SweepRule(TokenRule.EXCEEDS_MAX_LIFETIME, RuleAction.REVOKE),
                                new SweepRule(TokenRule.OWNER_INACTIVE, RuleAction.REVOKE),
                                new SweepRule(TokenRule.NEAR_EXPIRY, RuleAction.REPORT)),
                        7),
                DriftMode.ENFORCE, true);
    }

    /** The same desired state in the account scope, with Unity Catalog: an open and an isolated catalog. */
    public static DesiredState accountDesiredState() {
        DesiredState workspace = desiredState();
        return new DesiredState(workspace.ipAccessLists(), workspace.clusterPolicies(), workspace.clusters(), workspace.groups(),
                workspace.servicePrincipals(), workspace.grants(), workspace.tokenPolicy(), workspace.driftMode(), true,
                IdentityScope.ACCOUNT, new UnityCatalogSpec("finance", List.of(
                        new CatalogSpec("finance", "Finance data", IsolationMode.ISOLATED, BindingType.BINDING_TYPE_READ_WRITE,
                                List.of("reports", "raw")),
                        new CatalogSpec("reference", null, null, null, null))));
    }

    /** A federated workspace ready: account scope, Unity Catalog, its metastore. */
    public static WorkspaceReady readyInAccountScope() {
        WorkspaceReady ready = ready();
        return new WorkspaceReady(ready.workspaceName(), ready.requestId(), ready.resourceId(), ready.workspaceId(), ready.workspaceUrl(),
                ready.pricingTier(), accountDesiredState(), ready.occurredAt(), "7a9e1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b");
    }

    public static WorkspaceReady ready() {
        return new WorkspaceReady(WORKSPACE, REQUEST_ID,
                "/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/" + RESOURCE_GROUP
                        + "/providers/Microsoft.Databricks/workspaces/" + WORKSPACE,
                "1234567890123456", "adb-1234567890123456.7.azuredatabricks.net", PricingTier.PREMIUM,
                desiredState(), OCCURRED_AT.plusSeconds(420));
    }
}
