package dev.bricklayer.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The recorded Databricks responses not covered by an API's own tests: the emulator's answers to the same
 * requests carry the same field names and JSON types.
 */
class FixtureShapesTest extends WorkspaceApiTestBase {

    @Test
    void tokenListAndTokenManagementGetAnswerInTheRecordedShapes() throws Exception {
        JsonNode created = json(call("POST", "/api/2.0/token/create", admin(), Map.of("comment", "Hello, world!")), 200);
        String id = created.get("token_info").get("token_id").asText();

        assertSameShape(mapper.readTree(fixture("databricks/token.list.response.json")),
                json(call("GET", "/api/2.0/token/list", admin(), null), 200), "token list");
        assertSameShape(mapper.readTree(fixture("databricks/token-management.tokens.GET-by-id.response.json")),
                json(call("GET", "/api/2.0/token-management/tokens/" + id, admin(), null), 200), "token info");
        assertThat(json(call("GET", "/api/2.0/token/list", admin(), null), 200).get("token_infos").get(0).get("expiry_time").asLong())
                .isEqualTo(-1);
    }

    @Test
    void clusterPermissionsAndWorkspaceConfAnswerInTheRecordedShapes() throws Exception {
        String policy = json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "shape", "definition", "{}")), 200)
                .get("policy_id").asText();
        String cluster = json(call("POST", "/api/2.0/clusters/create", admin(), Map.of("cluster_name", "test1",
                "spark_version", "14.3.x-scala2.12", "node_type_id", "Standard_DS3_v2", "num_workers", 1, "policy_id", policy)), 200)
                .get("cluster_id").asText();
        json(call("POST", "/api/2.0/preview/scim/v2/Users", admin(), Map.of("userName", "test@test.com")), 201);
        JsonNode permissions = json(call("PUT", "/api/2.0/permissions/clusters/" + cluster, admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "test@test.com", "permission_level", "CAN_MANAGE")))), 200);
        json(call("PATCH", "/api/2.0/workspace-conf", admin(), Map.of("enableIpAccessLists", "true")), 204);

        assertSameShape(mapper.readTree(fixture("databricks/tfprovider-exporter-get-cluster-permissions-test1-response.json")),
                permissions, "cluster permissions");
        assertThat(json(call("GET", "/api/2.0/workspace-conf?keys=enableIpAccessLists", admin(), null), 200))
                .isEqualTo(mapper.readTree(fixture("databricks/workspace-conf.GET.keys-enableIpAccessLists.response.json")));
    }

    @Test
    void aScimInvalidValueErrorHasTheRecordedShape() throws Exception {
        JsonNode error = json(call("POST", "/api/2.0/preview/scim/v2/Users", admin(), Map.of("userName", "x@contoso.com",
                "entitlements", List.of(Map.of("value", "not-an-entitlement")))), 400);

        assertSameShape(mapper.readTree(fixture("databricks/scim.error-400-invalidValue.json")), error, "scim error");
        assertThat(error.get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(call("GET", "/api/2.0/preview/scim/v2/Users?filter=userName%20eq%20%22x@contoso.com%22", admin(), null).body())
                .contains("\"totalResults\":0");
    }
}
