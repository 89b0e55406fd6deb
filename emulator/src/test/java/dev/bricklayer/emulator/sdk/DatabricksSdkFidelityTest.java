package dev.bricklayer.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.compute.ClusterPolicyAccessControlRequest;
import com.databricks.sdk.service.compute.ClusterPolicyPermissionLevel;
import com.databricks.sdk.service.compute.ClusterPolicyPermissions;
import com.databricks.sdk.service.compute.ClusterPolicyPermissionsRequest;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.Policy;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateIpAccessList;
import com.databricks.sdk.service.settings.CreateTokenRequest;
import com.databricks.sdk.service.settings.CreateTokenResponse;
import com.databricks.sdk.service.settings.GetStatusRequest;
import com.databricks.sdk.service.settings.ListTokenManagementRequest;
import com.databricks.sdk.service.settings.ListType;
import com.databricks.sdk.service.settings.TokenAccessControlRequest;
import com.databricks.sdk.service.settings.TokenInfo;
import com.databricks.sdk.service.settings.TokenPermissionLevel;
import com.databricks.sdk.service.settings.TokenPermissions;
import com.databricks.sdk.service.settings.TokenPermissionsRequest;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;
import dev.bricklayer.emulator.workspace.TokenStore;

/**
 * The official Databricks SDK for Java, pointed at an emulated workspace over HTTPS, as the proof that what the
 * SDK can call works against the emulator: every call's result is asserted, not only the absence of an exception.
 */
class DatabricksSdkFidelityTest extends WorkspaceApiTestBase {

    private WorkspaceClient sdk;
    private String adminUserName;

    @BeforeEach
    void client() throws Exception {
        adminUserName = "sdk-admin@contoso.com";
        var admin = workspace.identities().createUser(adminUserName, "SDK Admin");
        workspace.identities().addMember(workspace.identities().adminsGroupId(), admin.get("id").asText());
        long now = System.currentTimeMillis();
        TokenStore.Created pat = workspace.tokens().create(now, now + 3_600_000L, "sdk", admin.get("id").asText(),
                admin.get("id").asText(), adminUserName);

        sdk = new WorkspaceClient(SdkHttp.trusting(new DatabricksConfig().setHost("https://" + workspace.host())
                .setToken(pat.value()).setAuthType("pat"), tls.trustStorePath()));
    }

    private static <T> List<T> all(Iterable<T> items) {
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    @Test
    void usersGroupsServicePrincipalsAndMembershipThroughTheSdk() {
        assertThat(sdk.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName()).isEqualTo(adminUserName);

        User user = sdk.users().create(new User().setUserName("sdk-user@contoso.com").setDisplayName("SDK User")
                .setEntitlements(List.of(new ComplexValue().setValue("allow-cluster-create"))));
        ServicePrincipal sp = sdk.servicePrincipals().create(new ServicePrincipal()
                .setApplicationId(UUID.randomUUID().toString()).setDisplayName("sdk-sp"));
        Group group = sdk.groups().create(new Group().setDisplayName("sdk-group"));
        sdk.groups().patch(new PartialUpdate().setId(group.getId())
                .setSchemas(List.of(PatchSchema.URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP))
                .setOperations(List.of(new Patch().setOp(PatchOp.ADD).setPath("members")
                        .setValue(List.of(Map.of("value", user.getId()), Map.of("value", sp.getId()))))));

        List<User> found = all(sdk.users().list(new ListUsersRequest().setFilter("userName eq \"sdk-user@contoso.com\"")));
        Group read = sdk.groups().get(group.getId());

        assertThat(user.getId()).matches("\\d+");
        assertThat(found).extracting(User::getId).containsExactly(user.getId());
        assertThat(found.get(0).getEntitlements()).extracting(ComplexValue::getValue).containsExactly("allow-cluster-create");
        assertThat(read.getMembers()).extracting(ComplexValue::getValue).containsExactlyInAnyOrder(user.getId(), sp.getId());
        assertThat(sdk.servicePrincipals().get(sp.getId()).getDisplayName()).isEqualTo("sdk-sp");
        assertThat(all(sdk.users().list(new ListUsersRequest()))).extracting(User::getUserName)
                .contains(adminUserName, "sdk-user@contoso.com");
        DatabricksError duplicate = catchThrowableOfType(DatabricksError.class, () ->
                sdk.users().create(new User().setUserName("sdk-user@contoso.com")));
        assertThat(duplicate.getStatusCode()).isEqualTo(409);
        assertThat(duplicate.getMessage()).contains("User with username sdk-user@contoso.com already exists.");
    }

    @Test
    void policiesPermissionsAndAClusterRefusedByItsPolicyThroughTheSdk() {
        String definition = "{\"autotermination_minutes\":{\"type\":\"range\",\"maxValue\":60},\"num_workers\":{\"type\":\"range\",\"maxValue\":2}}";
        String policyId = sdk.clusterPolicies().create(new CreatePolicy().setName("sdk-policy").setDefinition(definition)
                .setMaxClustersPerUser(2L)).getPolicyId();
        sdk.clusterPolicies().edit(new EditPolicy().setPolicyId(policyId).setName("sdk-policy")
                .setDefinition(definition).setDescription("edited by the SDK").setMaxClustersPerUser(2L));
        sdk.groups().create(new Group().setDisplayName("analysts"));

        ClusterPolicyPermissions permissions = sdk.clusterPolicies().updatePermissions(new ClusterPolicyPermissionsRequest()
                .setClusterPolicyId(policyId).setAccessControlList(List.of(new ClusterPolicyAccessControlRequest()
                        .setGroupName("analysts").setPermissionLevel(ClusterPolicyPermissionLevel.CAN_USE))));
        Policy policy = sdk.clusterPolicies().get(policyId);
        DatabricksError refused = catchThrowableOfType(DatabricksError.class, () -> sdk.clusters().create(new CreateCluster()
                .setClusterName("too-big").setSparkVersion("14.3.x-scala2.12").setNodeTypeId("Standard_DS3_v2")
                .setNumWorkers(8L).setAutoterminationMinutes(120L).setPolicyId(policyId)));

        assertThat(policy.getDescription()).isEqualTo("edited by the SDK");
        assertThat(policy.getMaxClustersPerUser()).isEqualTo(2L);
        assertThat(permissions.getObjectId()).isEqualTo("/cluster-policies/" + policyId);
        assertThat(permissions.getAccessControlList()).anySatisfy(entry -> assertThat(entry.getGroupName()).isEqualTo("analysts"));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getErrorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(refused.getMessage()).contains("Validation failed for num_workers, the value must be at most 2")
                .contains("Validation failed for autotermination_minutes, the value must be at most 60");
    }

    @Test
    void ipAccessListsIncludingTheQuotaErrorThroughTheSdk() {
        String id = sdk.ipAccessLists().create(new CreateIpAccessList().setLabel("office").setListType(ListType.ALLOW)
                .setIpAddresses(List.of("203.0.113.0/24", "198.51.100.7"))).getIpAccessList().getListId();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add("10." + (i / 250) + "." + (i % 250) + ".9");
        }
        DatabricksError quota = catchThrowableOfType(DatabricksError.class, () -> sdk.ipAccessLists().create(
                new CreateIpAccessList().setLabel("too-many").setListType(ListType.BLOCK).setIpAddresses(many)));

        assertThat(sdk.ipAccessLists().get(id).getIpAccessList().getAddressCount()).isEqualTo(2L);
        assertThat(all(sdk.ipAccessLists().list())).extracting(l -> l.getLabel()).containsExactly("office");
        assertThat(quota.getErrorCode()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(quota.getStatusCode()).isEqualTo(400);
    }

    @Test
    void workspaceConfTokensTokenPermissionsAndTokenManagementThroughTheSdk() {
        sdk.workspaceConf().setStatus(Map.of("enableTokensConfig", "true", "maxTokenLifetimeDays", "30"));
        Map<String, String> conf = sdk.workspaceConf().getStatus(new GetStatusRequest().setKeys("maxTokenLifetimeDays,enableTokensConfig"));
        sdk.groups().create(new Group().setDisplayName("token-users"));
        TokenPermissions tokenPermissions = sdk.tokenManagement().setPermissions(new TokenPermissionsRequest()
                .setAccessControlList(List.of(new TokenAccessControlRequest().setGroupName("token-users")
                        .setPermissionLevel(TokenPermissionLevel.CAN_USE))));

        DatabricksError tooLong = catchThrowableOfType(DatabricksError.class, () ->
                sdk.tokens().create(new CreateTokenRequest().setLifetimeSeconds(31L * 86_400).setComment("too long")));
        CreateTokenResponse ok = sdk.tokens().create(new CreateTokenRequest().setLifetimeSeconds(7L * 86_400).setComment("weekly"));
        List<TokenInfo> inventory = all(sdk.tokenManagement().list(new ListTokenManagementRequest()));
        sdk.tokenManagement().delete(ok.getTokenInfo().getTokenId());
        List<TokenInfo> after = all(sdk.tokenManagement().list(new ListTokenManagementRequest().setCreatedByUsername(adminUserName)));

        assertThat(conf).containsEntry("maxTokenLifetimeDays", "30").containsEntry("enableTokensConfig", "true");
        assertThat(tokenPermissions.getAccessControlList()).extracting(entry -> entry.getGroupName()).contains("admins", "token-users");
        assertThat(tooLong.getErrorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(ok.getTokenValue()).startsWith("dapi");
        assertThat(ok.getTokenInfo().getExpiryTime() - ok.getTokenInfo().getCreationTime()).isEqualTo(7L * 86_400_000);
        assertThat(inventory).extracting(TokenInfo::getTokenId).contains(ok.getTokenInfo().getTokenId());
        assertThat(inventory).filteredOn(t -> t.getTokenId().equals(ok.getTokenInfo().getTokenId()))
                .allSatisfy(t -> assertThat(t.getCreatedByUsername()).isEqualTo(adminUserName));
        assertThat(after).extracting(TokenInfo::getTokenId).doesNotContain(ok.getTokenInfo().getTokenId());
    }
}
