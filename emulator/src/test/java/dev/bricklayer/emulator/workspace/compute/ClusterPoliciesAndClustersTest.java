package dev.bricklayer.emulator.workspace.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

class ClusterPoliciesAndClustersTest extends WorkspaceApiTestBase {

    private static final String POLICY = "{\"autotermination_minutes\":{\"type\":\"range\",\"maxValue\":120,\"defaultValue\":60},"
            + "\"num_workers\":{\"type\":\"range\",\"maxValue\":5},"
            + "\"spark_version\":{\"type\":\"regex\",\"pattern\":\"1[3-5]\\\\..*\"},"
            + "\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"Standard_DS3_v2\",\"Standard_DS4_v2\"]},"
            + "\"custom_tags.team\":{\"type\":\"fixed\",\"value\":\"data\"},"
            + "\"instance_pool_id\":{\"type\":\"forbidden\",\"hidden\":true},"
            + "\"cluster_type\":{\"type\":\"fixed\",\"value\":\"all-purpose\"}}";

    private String createPolicy(String name, String definition) throws Exception {
        return json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", name, "definition", definition,
                "max_clusters_per_user", 3)), 200).get("policy_id").asText();
    }

    @Test
    void theFixturePolicyIsCreatedAndReadBackWithTheFixturesShape() throws Exception {
        String id = json(call("POST", "/api/2.0/policies/clusters/create", admin(), fixture("databricks/policies.clusters.create.request.json")), 200)
                .get("policy_id").asText();
        JsonNode got = json(call("GET", "/api/2.0/policies/clusters/get?policy_id=" + id, admin(), null), 200);

        assertSameShape(mapper.readTree(fixture("databricks/policies.clusters.get.response.json")), got, "policy");
        assertThat(got.get("definition").isTextual()).isTrue();
        assertThat(mapper.readTree(got.get("definition").asText()).get("spark_conf.foo").get("value").asText()).isEqualTo("bar");
        assertThat(got.get("max_clusters_per_user").asInt()).isEqualTo(3);
    }

    @Test
    void namesAreUniqueAndDefinitionsAreCheckedAgainstTheRuleLanguage() throws Exception {
        createPolicy("team-data", POLICY);

        JsonNode duplicate = json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "team-data", "definition", "{}")), 400);
        JsonNode notJson = json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "bad1", "definition", "{nope")), 400);
        JsonNode unknownType = json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "bad2",
                "definition", "{\"num_workers\":{\"type\":\"between\"}}")), 400);
        JsonNode badRange = json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "bad3",
                "definition", "{\"num_workers\":{\"type\":\"range\",\"minValue\":9,\"maxValue\":2}}")), 400);
        JsonNode emptyAllowlist = json(call("POST", "/api/2.0/policies/clusters/create", admin(), Map.of("name", "bad4",
                "definition", "{\"node_type_id\":{\"type\":\"allowlist\",\"values\":[]}}")), 400);

        assertThat(duplicate.get("message").asText()).isEqualTo("Cluster Policy with name `team-data` already exists");
        assertThat(duplicate.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(notJson.get("message").asText()).contains("not valid JSON");
        assertThat(unknownType.get("message").asText()).contains("num_workers").contains("unknown rule type");
        assertThat(badRange.get("message").asText()).contains("minValue 9 is greater than maxValue 2");
        assertThat(emptyAllowlist.get("message").asText()).contains("node_type_id").contains("non-empty values");
    }

    @Test
    void aClusterBreakingItsPolicyIsRefusedNamingEveryRule() throws Exception {
        String policy = createPolicy("strict", POLICY);

        JsonNode refused = json(call("POST", "/api/2.0/clusters/create", admin(), Map.of("cluster_name", "too-big",
                "spark_version", "12.2.x-scala2.12", "node_type_id", "Standard_E64_v3", "num_workers", 20,
                "autotermination_minutes", 600, "instance_pool_id", "pool-1", "custom_tags", Map.of("team", "finance"),
                "policy_id", policy)), 400);

        String message = refused.get("message").asText();
        assertThat(refused.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(message).contains("Validation failed for num_workers, the value must be at most 5")
                .contains("Validation failed for autotermination_minutes, the value must be at most 120")
                .contains("Validation failed for spark_version, the value must match")
                .contains("Validation failed for node_type_id, the value must be one of")
                .contains("Validation failed for custom_tags.team, the value must be \"data\"")
                .contains("Validation failed for instance_pool_id, the value must not be present");
    }

    @Test
    void aCompliantClusterGetsThePolicyDefaultsAndRunsThenTerminates() throws Exception {
        String policy = createPolicy("defaults", POLICY);

        String id = json(call("POST", "/api/2.0/clusters/create", admin(), Map.of("cluster_name", "etl", "spark_version",
                "14.3.x-scala2.12", "node_type_id", "Standard_DS3_v2", "num_workers", 2, "policy_id", policy)), 200)
                .get("cluster_id").asText();
        JsonNode pending = json(call("GET", "/api/2.0/clusters/get?cluster_id=" + id, admin(), null), 200);

        assertThat(id).matches("\\d{4}-\\d{6}-[a-z0-9]{8}");
        assertThat(pending.get("state").asText()).isEqualTo("PENDING");
        assertThat(pending.get("autotermination_minutes").asInt()).isEqualTo(60);
        assertThat(pending.get("custom_tags").get("team").asText()).isEqualTo("data");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(call("GET", "/api/2.0/clusters/get?cluster_id=" + id, admin(), null), 200).get("state").asText())
                        .isEqualTo("RUNNING"));
        json(call("POST", "/api/2.0/clusters/delete", admin(), Map.of("cluster_id", id)), 200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(json(call("GET", "/api/2.0/clusters/get?cluster_id=" + id, admin(), null), 200).get("state").asText())
                        .isEqualTo("TERMINATED"));
        assertThat(json(call("GET", "/api/2.0/clusters/list", admin(), null), 200).get("clusters")).hasSize(1);
        JsonNode unknown = json(call("GET", "/api/2.0/clusters/get?cluster_id=0000-000000-nothere", admin(), null), 400);
        assertThat(unknown.get("message").asText()).isEqualTo("Cluster 0000-000000-nothere does not exist");
    }

    @Test
    void usersNeedCanUseOnThePolicyAndTheBuiltInPoliciesExist() throws Exception {
        String policy = createPolicy("for-analysts", "{\"autotermination_minutes\":{\"type\":\"unlimited\",\"defaultValue\":30,\"isOptional\":true}}");
        Map<String, Object> spec = Map.of("cluster_name", "mine", "spark_version", "14.3.x-scala2.12",
                "node_type_id", "Standard_DS3_v2", "num_workers", 1, "policy_id", policy);

        JsonNode refused = json(call("POST", "/api/2.0/clusters/create", user("ana@contoso.com"), spec), 403);
        json(call("PATCH", "/api/2.0/permissions/cluster-policies/" + policy, admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "ana@contoso.com", "permission_level", "CAN_USE")))), 200);
        String clusterId = json(call("POST", "/api/2.0/clusters/create", user("ana@contoso.com"), spec), 200).get("cluster_id").asText();
        JsonNode policies = json(call("GET", "/api/2.0/policies/clusters/list?sort_column=POLICY_NAME", admin(), null), 200);
        JsonNode deleteDefault = json(call("POST", "/api/2.0/policies/clusters/delete", admin(), Map.of("policy_id",
                policies.get("policies").findValuesAsText("policy_id").get(policies.get("policies").findValuesAsText("name").indexOf("Personal Compute")))), 400);

        assertThat(refused.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(clusterId).isNotBlank();
        assertThat(policies.get("policies").findValuesAsText("name")).contains("Personal Compute", "Power User Compute",
                "Shared Compute", "Job Compute", "Legacy Shared Compute", "for-analysts");
        assertThat(deleteDefault.get("message").asText()).contains("cannot be deleted");
        JsonNode permissions = json(call("GET", "/api/2.0/permissions/clusters/" + clusterId, admin(), null), 200);
        assertThat(permissions.get("object_type").asText()).isEqualTo("cluster");
        assertThat(permissions.get("access_control_list").toString()).contains("ana@contoso.com").contains("CAN_MANAGE");
    }
}
