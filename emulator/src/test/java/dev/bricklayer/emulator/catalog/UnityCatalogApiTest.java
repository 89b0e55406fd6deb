package dev.bricklayer.emulator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.account.AccountApiTestBase;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;

class UnityCatalogApiTest extends AccountApiTestBase {

    private static final String UC = "/api/2.1/unity-catalog";

    private String unique(String prefix) {
        return prefix + "_" + System.nanoTime();
    }

    private String metastoreId() throws Exception {
        return json(call("GET", UC + "/current-metastore-assignment", admin(), null), 200).get("metastore_id").asText();
    }

    private JsonNode catalog(String name) throws Exception {
        return json(call("POST", UC + "/catalogs", admin(), Map.of("name", name)), 200);
    }

    private Map<String, Object> change(String principal, List<String> add, List<String> remove) {
        return Map.of("principal", principal, "add", add, "remove", remove);
    }

    @Test
    void theWorkspaceSeesItsMetastoreAssignmentUnwrappedAndAStandardTierWorkspaceHasNoUnityCatalog() throws Exception {
        JsonNode current = json(call("GET", UC + "/current-metastore-assignment", admin(), null), 200);
        EmulatedWorkspace standard = workspaces.create(SUBSCRIPTION + "/resourceGroups/rg-test/providers/Microsoft.Databricks/workspaces/"
                + unique("standard"), unique("standard"), "westeurope", "standard");
        var answer = http.send("GET", "https://" + standard.host() + UC + "/current-metastore-assignment", admin(standard), null);
        String reassign = fixture("unity-catalog/workspaces.metastore.PUT.request.json").replace("\"a\"", "\"" + metastoreId() + "\"");

        assertSameShape(mapper.readTree(fixture("unity-catalog/current-metastore-assignment.GET.response.json")), current, "assignment");
        assertThat(current.get("workspace_id").asText()).isEqualTo(workspaceId());
        assertThat(current.get("default_catalog_name").asText()).isEqualTo("hive_metastore");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(mapper.readTree(answer.body()))
                .isEqualTo(mapper.readTree(fixture("unity-catalog/current-metastore-assignment.GET.error-404-FEATURE_DISABLED.json")));
        assertThat(json(call("PUT", UC + "/workspaces/" + workspaceId() + "/metastore", admin(), reassign), 200).isEmpty()).isTrue();
        assertThat(json(call("GET", UC + "/metastore_summary", admin(), null), 200).get("region").asText()).isEqualTo("westeurope");
    }

    @Test
    void aCatalogComesWithADefaultSchemaAndBecomesIsolatedOnlyThroughPatch() throws Exception {
        String name = unique("cat");
        String request = fixture("unity-catalog/catalogs.POST.request.json").replace("\"a\"", "\"" + name + "\"");
        JsonNode created = json(call("POST", UC + "/catalogs", admin(), request.replace("}", ",\"isolation_mode\":\"ISOLATED\"}")), 200);
        JsonNode schemas = json(call("GET", UC + "/schemas?catalog_name=" + name + "&max_results=0", admin(), null), 200);
        JsonNode patched = json(call("PATCH", UC + "/catalogs/" + name, admin(), fixture("unity-catalog/catalogs.PATCH.isolation_mode.request.json")), 200);
        JsonNode emptyName = json(call("POST", UC + "/catalogs", admin(), Map.of("name", "")), 400);

        assertThat(created.get("isolation_mode").asText()).isEqualTo("OPEN");
        assertThat(created.get("owner").asText()).isEqualTo(PLATFORM_CLIENT);
        assertThat(schemas.get("schemas")).extracting(s -> s.get("full_name").asText()).containsExactly(name + ".default");
        assertSameShape(mapper.readTree(fixture("unity-catalog/catalogs.GET-by-name.isolated.response.json")), patched, "catalog");
        assertThat(patched.get("isolation_mode").asText()).isEqualTo("ISOLATED");
        JsonNode unbound = json(call("GET", UC + "/catalogs/" + name, admin(), null), 403);
        json(call("PATCH", UC + "/bindings/catalog/" + name, admin(), Map.of("add", List.of(Map.of("workspace_id", Long.parseLong(workspaceId()))))), 200);
        assertSameShape(mapper.readTree(fixture("unity-catalog/catalogs.GET-by-name.isolated.response.json")),
                json(call("GET", UC + "/catalogs/" + name, admin(), null), 200), "catalog read");
        assertThat(unbound.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(emptyName).isEqualTo(mapper.readTree(fixture("unity-catalog/catalogs.POST.error-400-INVALID_PARAMETER_VALUE.json")));
        assertThat(json(call("GET", UC + "/catalogs/nope_" + name, admin(), null), 404).get("error_code").asText())
                .isEqualTo("CATALOG_DOES_NOT_EXIST");
    }

    @Test
    void anIsolatedCatalogIsUnreadableFromAnUnboundWorkspaceAndBothBindingPathsShowOneState() throws Exception {
        String name = unique("iso");
        catalog(name);
        EmulatedWorkspace other = workspaces.create(SUBSCRIPTION + "/resourceGroups/rg-test/providers/Microsoft.Databricks/workspaces/"
                + unique("other"), unique("other"), "westeurope", "premium");
        json(call("PATCH", UC + "/catalogs/" + name, admin(), Map.of("isolation_mode", "ISOLATED")), 200);
        String here = fixture("unity-catalog/bindings.catalog.PATCH.add-read-write.request.json").replace("1234567890101112", workspaceId());
        JsonNode bound = json(call("PATCH", UC + "/bindings/catalog/" + name, admin(), here), 200);

        var fromOther = http.send("GET", "https://" + other.host() + UC + "/catalogs/" + name, admin(other), null);
        var listedThere = mapper.readTree(http.send("GET", "https://" + other.host() + UC + "/catalogs", admin(other), null).body());
        JsonNode deprecated = json(call("GET", UC + "/workspace-bindings/catalogs/" + name, admin(), null), 200);
        String readOnly = fixture("unity-catalog/bindings.catalog.PATCH.add-read-only.request.json")
                .replace("1234567890101112", other.workspaceId());
        json(call("PATCH", UC + "/bindings/catalog/" + name, admin(), readOnly), 200);
        var readThere = http.send("GET", "https://" + other.host() + UC + "/catalogs/" + name, admin(other), null);
        var schemaThere = http.send("POST", "https://" + other.host() + UC + "/schemas", admin(other),
                mapper.writeValueAsString(Map.of("catalog_name", name, "name", "s")));
        JsonNode unassigned = json(call("PATCH", UC + "/workspace-bindings/catalogs/" + name, admin(),
                Map.of("unassign_workspaces", List.of(Long.parseLong(other.workspaceId())))), 200);

        assertSameShape(mapper.readTree(fixture("unity-catalog/bindings.catalog.GET.response.json")), bound, "bindings");
        assertThat(fromOther.statusCode()).isEqualTo(403);
        assertThat(listedThere.get("catalogs")).noneMatch(c -> c.get("name").asText().equals(name));
        assertThat(deprecated.get("workspaces")).extracting(JsonNode::asText).containsExactly(workspaceId());
        assertThat(readThere.statusCode()).isEqualTo(200);
        assertThat(schemaThere.statusCode()).isEqualTo(403);
        assertThat(unassigned.get("workspaces")).extracting(JsonNode::asText).containsExactly(workspaceId());
        JsonNode read = json(call("GET", UC + "/bindings/catalog/" + name, admin(), null), 200);
        assertSameShape(mapper.readTree(fixture("unity-catalog/bindings.catalog.GET.response.json")), read, "bindings read");
        assertThat(read.get("bindings")).extracting(b -> b.get("workspace_id").asText()).containsExactly(workspaceId());
    }

    @Test
    void catalogGrantsAreADiffAnsweredSortedAndAPrincipalWithNoneLeftIsDropped() throws Exception {
        String name = unique("grants");
        catalog(name);
        String user = accountUserOnce("deco-test-user@databricks.com");

        JsonNode answered = json(call("PATCH", UC + "/permissions/catalog/" + name, admin(),
                fixture("unity-catalog/permissions.catalog.PATCH.replace-all-privileges.request.json")), 200);
        JsonNode read = json(call("GET", UC + "/permissions/CATALOG/" + name, admin(), null), 200);
        json(call("PATCH", UC + "/permissions/catalog/" + name, admin(), Map.of("changes",
                List.of(change(user, List.of(), List.of("CREATE_SCHEMA", "USE_CATALOG"))))), 200);

        assertThat(read).isEqualTo(mapper.readTree(fixture("unity-catalog/permissions.catalog.GET.response.json")));
        assertThat(answered).isEqualTo(read);
        assertThat(json(call("GET", UC + "/permissions/catalog/" + name, admin(), null), 200).get("privilege_assignments")).isEmpty();
    }

    @Test
    void schemaAndTableGrantsFollowTheRecordedExchanges() throws Exception {
        String name = unique("schemas");
        catalog(name);
        String user = accountUserOnce("deco-test-user@databricks.com");
        accountUserOnce("me");
        accountUserOnce("someone-else");
        String schema = json(call("POST", UC + "/schemas", admin(), fixture("unity-catalog/schemas.POST.request.json")
                .replace("main", name).replace("schema-[UNIQUE_NAME]", "bar")), 200).get("full_name").asText();
        json(call("PATCH", UC + "/permissions/schema/" + schema, admin(), Map.of("changes",
                List.of(change(user, List.of("CREATE_TABLE", "USE_SCHEMA"), List.of())))), 200);
        json(call("PATCH", UC + "/permissions/schema/" + schema, admin(), fixture("unity-catalog/permissions.schema.PATCH.add-remove.request.json")), 200);
        json(adminCall("POST", "/admin/workspaces/" + workspace.name() + "/unity-catalog/tables", Map.of("full_name", schema + ".baz")), 201);
        String table = schema + ".baz";
        json(call("PATCH", UC + "/permissions/table/" + table, admin(), Map.of("changes", List.of(change("me", List.of("SELECT"), List.of()),
                change("someone-else", List.of("SELECT", "MODIFY"), List.of())))), 200);
        JsonNode tableBefore = json(call("GET", UC + "/permissions/table/" + table, admin(), null), 200);
        json(call("PATCH", UC + "/permissions/table/" + table, admin(), fixture("unity-catalog/permissions.table.PATCH.request.json")), 200);

        assertThat(json(call("GET", UC + "/permissions/schema/" + schema, admin(), null), 200))
                .isEqualTo(mapper.readTree(fixture("unity-catalog/permissions.schema.GET.response.json")));
        assertThat(tableBefore).isEqualTo(mapper.readTree(fixture("unity-catalog/permissions.table.GET.response.json")));
        assertThat(json(call("GET", UC + "/permissions/table/" + table, admin(), null), 200).get("privilege_assignments"))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("principal").asText()).isEqualTo("me");
                    assertThat(a.get("privileges")).extracting(JsonNode::asText).containsExactly("MODIFY");
                });
    }

    @Test
    void effectivePermissionsOfASchemaIncludeWhatItsCatalogGrants() throws Exception {
        String name = unique("effective");
        catalog(name);
        String user = accountUserOnce("reader@contoso.com");
        json(call("PATCH", UC + "/permissions/catalog/" + name, admin(), Map.of("changes", List.of(change(user, List.of("SELECT", "USE_CATALOG"), List.of())))), 200);
        json(call("PATCH", UC + "/permissions/schema/" + name + ".default", admin(), Map.of("changes", List.of(change(user, List.of("USE_SCHEMA"), List.of())))), 200);

        JsonNode effective = json(call("GET", UC + "/effective-permissions/schema/" + name + ".default?principal=" + user, admin(), null), 200);

        assertThat(effective.get("privilege_assignments")).singleElement().satisfies(a -> {
            assertThat(a.get("principal").asText()).isEqualTo(user);
            assertThat(a.get("privileges")).anySatisfy(p -> {
                assertThat(p.get("privilege").asText()).isEqualTo("USE_SCHEMA");
                assertThat(p.has("inherited_from_type")).isFalse();
            }).anySatisfy(p -> {
                assertThat(p.get("privilege").asText()).isEqualTo("SELECT");
                assertThat(p.get("inherited_from_type").asText()).isEqualTo("CATALOG");
                assertThat(p.get("inherited_from_name").asText()).isEqualTo(name);
            });
        });
    }

    @Test
    void onlyAccountPrincipalsAndApplicablePrivilegesCanBeGranted() throws Exception {
        String name = unique("refusals");
        catalog(name);
        json(call("POST", "/api/2.0/preview/scim/v2/Groups", admin(), Map.of("displayName", "local-" + name)), 201);
        String user = accountUserOnce("granted@contoso.com");

        JsonNode local = json(call("PATCH", UC + "/permissions/catalog/" + name, admin(), Map.of("changes",
                List.of(change("local-" + name, List.of("USE_CATALOG"), List.of())))), 404);
        JsonNode notApplicable = json(call("PATCH", UC + "/permissions/catalog/" + name, admin(), Map.of("changes",
                List.of(change(user, List.of("CREATE_CATALOG"), List.of())))), 400);
        JsonNode both = json(call("PATCH", UC + "/permissions/catalog/" + name, admin(), Map.of("changes",
                List.of(change(user, List.of("USE_CATALOG"), List.of("USE_CATALOG"))))), 400);
        JsonNode noSchema = json(call("GET", UC + "/schemas/" + name + ".x", admin(), null), 404);

        assertThat(local.get("error_code").asText()).isEqualTo("PRINCIPAL_DOES_NOT_EXIST");
        assertThat(local.get("message").asText()).isEqualTo("Could not find principal with name local-" + name);
        assertThat(notApplicable.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(both.get("message").asText()).isEqualTo("Duplicate privileges to add and delete for principal " + user + ".");
        assertThat(noSchema.get("message").asText()).isEqualTo("Schema '" + name + ".x' does not exist.");
        assertThat(json(call("GET", UC + "/permissions/catalog/" + name, admin(), null), 200).get("privilege_assignments")).isEmpty();
    }

    /** The account user's name, made on first use (the account outlives each test's workspace). */
    private String accountUserOnce(String userName) throws Exception {
        if (accounts.require(ACCOUNT).identities().userByName(userName).isEmpty()) {
            accountUser(userName);
        }
        return userName;
    }

    private java.net.http.HttpResponse<String> adminCall(String method, String path, Object body) throws Exception {
        return http.send(method, servers.adminBaseUrl() + path, Map.of(), mapper.writeValueAsString(body));
    }
}
