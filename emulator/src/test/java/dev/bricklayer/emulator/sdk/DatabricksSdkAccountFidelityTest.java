package dev.bricklayer.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.catalog.AccountsMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.CatalogIsolationMode;
import com.databricks.sdk.service.catalog.CreateCatalog;
import com.databricks.sdk.service.catalog.CreateSchema;
import com.databricks.sdk.service.catalog.EffectivePermissionsList;
import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.SchemaInfo;
import com.databricks.sdk.service.catalog.UpdateCatalog;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.iam.WorkspacePermission;

import dev.bricklayer.emulator.account.AccountApiTestBase;

/**
 * The official Databricks SDK for Java against the account host and a federated workspace: {@code AccountClient} for
 * account users, groups, service principals, workspace assignment and metastore assignment; {@code WorkspaceClient} for
 * the current metastore assignment, catalogs, schemas, grants and bindings. Both authenticate with an Entra ID token of
 * the platform app (an account admin) through the SDK's token configuration — the SDK's Azure authentication asks
 * login.microsoftonline.com, which the emulator cannot stand in for — never with a PAT.
 */
class DatabricksSdkAccountFidelityTest extends AccountApiTestBase {

    private AccountClient account;
    private WorkspaceClient sdk;

    @BeforeEach
    void clients() throws Exception {
        String token = accountAdmin().get("Authorization").substring("Bearer ".length());
        account = new AccountClient(SdkHttp.trusting(new DatabricksConfig().setHost(servers.accountBaseUrl())
                .setAccountId(ACCOUNT).setToken(token).setAuthType("pat"), tls.trustStorePath()));
        json(call("GET", "/api/2.0/preview/scim/v2/Me", admin(), null), 200); // the Azure headers make the app a workspace admin
        sdk = new WorkspaceClient(SdkHttp.trusting(new DatabricksConfig().setHost("https://" + workspace.host())
                .setToken(token).setAuthType("pat"), tls.trustStorePath()));
    }

    private static <T> List<T> all(Iterable<T> items) {
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    @Test
    void accountUsersGroupsServicePrincipalsWorkspaceAndMetastoreAssignmentThroughTheAccountClient() {
        long workspaceId = Long.parseLong(workspaceId());
        String userName = "sdk-" + System.nanoTime() + "@contoso.com";
        User user = account.users().create(new User().setUserName(userName).setDisplayName("Sdk Account User"));
        ServicePrincipal sp = account.servicePrincipals().create(new ServicePrincipal()
                .setApplicationId(java.util.UUID.randomUUID().toString()).setDisplayName("sdk-account-sp"));
        Group group = account.groups().create(new Group().setDisplayName("sdk-group-" + System.nanoTime())
                .setMembers(List.of(new ComplexValue().setValue(user.getId()))));
        account.users().patch(new PartialUpdate().setId(user.getId()).setOperations(List.of(new Patch().setOp(PatchOp.REPLACE)
                .setPath("active").setValue(List.of(Map.of("value", "false"))))));
        PermissionAssignment assigned = account.workspaceAssignment().update(new UpdateWorkspaceAssignments()
                .setWorkspaceId(workspaceId).setPrincipalId(Long.parseLong(group.getId())).setPermissions(List.of(WorkspacePermission.USER)));
        AccountsMetastoreAssignment metastore = account.metastoreAssignments().get(workspaceId);
        account.metastoreAssignments().update(new AccountsUpdateMetastoreAssignment().setWorkspaceId(workspaceId)
                .setMetastoreId(metastore.getMetastoreAssignment().getMetastoreId())
                .setMetastoreAssignment(new UpdateMetastoreAssignment().setDefaultCatalogName("main")));

        assertThat(user.getId()).matches("\\d+");
        assertThat(account.users().get(user.getId()).getActive()).isFalse();
        assertThat(all(account.users().list(new ListAccountUsersRequest().setFilter("userName eq \"" + userName + "\""))))
                .extracting(User::getId).containsExactly(user.getId());
        assertThat(account.groups().get(group.getId()).getMembers()).extracting(ComplexValue::getValue).containsExactly(user.getId());
        assertThat(all(account.groups().list(new ListAccountGroupsRequest()))).filteredOn(g -> g.getId().equals(group.getId()))
                .singleElement().satisfies(g -> assertThat(g.getMembers()).isNull());
        assertThat(account.servicePrincipals().get(sp.getId()).getDisplayName()).isEqualTo("sdk-account-sp");
        assertThat(assigned.getPermissions()).containsExactly(WorkspacePermission.USER);
        assertThat(all(account.workspaceAssignment().list(workspaceId))).anySatisfy(a ->
                assertThat(a.getPrincipal().getGroupName()).isEqualTo(group.getDisplayName()));
        assertThat(account.workspaceAssignment().get(workspaceId).getPermissions()).extracting(p -> p.getPermissionLevel())
                .containsExactly(WorkspacePermission.USER, WorkspacePermission.ADMIN);
        assertThat(account.metastoreAssignments().get(workspaceId).getMetastoreAssignment().getDefaultCatalogName()).isEqualTo("main");
        assertThat(all(account.metastoreAssignments().list(metastore.getMetastoreAssignment().getMetastoreId()))).contains(workspaceId);
    }

    @Test
    void catalogsSchemasGrantsBindingsAndTheCurrentMetastoreThroughTheWorkspaceClient() {
        String name = "sdk_" + System.nanoTime();
        String principal = "sdk-grantee-" + System.nanoTime() + "@contoso.com";
        account.users().create(new User().setUserName(principal));

        String metastoreId = sdk.metastores().current().getMetastoreId();
        CatalogInfo created = sdk.catalogs().create(new CreateCatalog().setName(name).setComment("made by the SDK"));
        sdk.catalogs().update(new UpdateCatalog().setName(name).setIsolationMode(CatalogIsolationMode.ISOLATED));
        sdk.workspaceBindings().updateBindings(new UpdateWorkspaceBindingsParameters().setSecurableType("catalog").setSecurableName(name)
                .setAdd(List.of(new WorkspaceBinding().setWorkspaceId(Long.parseLong(workspaceId()))
                        .setBindingType(WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE))));
        SchemaInfo schema = sdk.schemas().create(new CreateSchema().setCatalogName(name).setName("sales"));
        sdk.grants().update(new UpdatePermissions().setSecurableType("catalog").setFullName(name).setChanges(List.of(
                new PermissionsChange().setPrincipal(principal).setAdd(List.of(Privilege.USE_CATALOG, Privilege.SELECT)))));
        EffectivePermissionsList effective = sdk.grants().getEffective("schema", schema.getFullName());
        DatabricksError local = catchThrowableOfType(DatabricksError.class, () -> sdk.grants().update(new UpdatePermissions()
                .setSecurableType("catalog").setFullName(name).setChanges(List.of(new PermissionsChange().setPrincipal("no-such-group")
                        .setAdd(List.of(Privilege.USE_CATALOG))))));

        assertThat(metastoreId).isNotBlank();
        assertThat(created.getMetastoreId()).isEqualTo(metastoreId);
        assertThat(sdk.catalogs().get(name).getIsolationMode()).isEqualTo(CatalogIsolationMode.ISOLATED);
        assertThat(all(sdk.catalogs().list(new ListCatalogsRequest()))).extracting(CatalogInfo::getName).contains(name);
        assertThat(all(sdk.workspaceBindings().getBindings(new GetBindingsRequest().setSecurableType("catalog").setSecurableName(name))))
                .extracting(WorkspaceBinding::getWorkspaceId).containsExactly(Long.parseLong(workspaceId()));
        assertThat(sdk.workspaceBindings().get(name).getWorkspaces()).containsExactly(Long.parseLong(workspaceId()));
        assertThat(all(sdk.schemas().list(name))).extracting(SchemaInfo::getName).containsExactlyInAnyOrder("default", "sales");
        assertThat(sdk.grants().get("catalog", name).getPrivilegeAssignments()).singleElement().satisfies(a -> {
            assertThat(a.getPrincipal()).isEqualTo(principal);
            assertThat(a.getPrivileges()).extracting(Object::toString).containsExactly("SELECT", "USE_CATALOG");
        });
        assertThat(effective.getPrivilegeAssignments()).singleElement().satisfies(a -> assertThat(a.getPrivileges())
                .allSatisfy(p -> assertThat(p.getInheritedFromName()).isEqualTo(name)));
        assertThat(local.getErrorCode()).isEqualTo("PRINCIPAL_DOES_NOT_EXIST");
        assertThat(local.getStatusCode()).isEqualTo(404);
    }
}
