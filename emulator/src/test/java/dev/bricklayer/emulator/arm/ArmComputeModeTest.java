package dev.bricklayer.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code Microsoft.Databricks/workspaces} at api-version 2026-01-01 and 2025-10-01-preview (reference §7.9). */
class ArmComputeModeTest extends ArmTestBase {

    private static final List<String> CREATES = List.of("arm/databricks-2026-01-01-WorkspaceCreate.json",
            "arm/databricks-2026-01-01-WorkspaceCreateWithParameters.json",
            "arm/databricks-2026-01-01-WorkspaceEnhancedSecurityComplianceCreateOrUpdate.json",
            "arm/databricks-2026-01-01-WorkspaceCreateServerless.json", "arm/databricks-2025-10-01-preview-WorkspaceCreateServerless.json");

    private static ObjectNode without(JsonNode body, String... fields) {
        return ((ObjectNode) body.deepCopy()).without(List.of(fields));
    }

    @Test
    void everyComputeModeFixtureIsAcceptedWithLocationAndAnsweredWithTheFixturesFields() throws Exception {
        String rg = resourceGroup("rg-compute");
        for (String file : CREATES) {
            JsonNode example = mapper.readTree(fixture(file));
            String name = "ws" + Math.abs(file.hashCode() % 100000);
            String path = rg + "/providers/Microsoft.Databricks/workspaces/" + name + "?api-version="
                    + example.get("parameters").get("api-version").asText();

            HttpResponse<String> put = send("PUT", path, arm(), example.get("parameters").get("parameters"));

            assertThat(put.statusCode()).as(file + ": " + put.body()).isEqualTo(201);
            JsonNode created = mapper.readTree(put.body());
            assertSameShape(without(example.get("responses").get("201").get("body"), "tags", "name", "location"), created, file + " 201");
            assertThat(created.get("properties").has("workspaceUrl")).isFalse();
            assertThat(created.get("properties").get("isUcEnabled").asBoolean()).isTrue();
            assertThat(put.headers().firstValue("Retry-After")).contains("10");
            String location = put.headers().firstValue("Location").orElseThrow();
            awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
            JsonNode fromLocation = json(http.get(location, arm()), 200);
            JsonNode done = json(send("GET", path, arm(), null), 200);
            assertSameShape(without(example.get("responses").get("200").get("body"), "tags", "name", "location"), done, file + " 200");
            assertThat(fromLocation.get("properties").get("workspaceUrl").asText()).isEqualTo(done.get("properties").get("workspaceUrl").asText());
            assertThat(done.get("properties").get("computeMode").asText())
                    .isEqualTo(example.get("parameters").get("parameters").get("properties").get("computeMode").asText());
            if (file.equals(CREATES.get(0))) {
                JsonNode get = mapper.readTree(fixture("arm/databricks-2026-01-01-WorkspaceGet.json")).get("responses").get("200").get("body");
                assertSameShape(without(get, "tags", "name", "location"), done, "2026-01-01 GET");
            }
        }
    }

    @Test
    void computeModeIsRequiredImmutableAndServerlessTakesNoHybridProperty() throws Exception {
        String rg = resourceGroup("rg-compute-rules");
        String path = rg + "/providers/Microsoft.Databricks/workspaces/ws-rules?api-version=2026-01-01";
        Map<String, Object> hybrid = Map.of("location", "westeurope", "sku", Map.of("name", "premium"), "properties",
                Map.of("computeMode", "Hybrid", "managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m-rules"));

        JsonNode missing = json(send("PUT", path, arm(), Map.of("location", "westeurope", "properties",
                Map.of("managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m"))), 400);
        JsonNode serverlessWithGroup = json(send("PUT", path, arm(), Map.of("location", "westeurope", "properties",
                Map.of("computeMode", "Serverless", "managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m"))), 400);
        JsonNode hybridWithoutGroup = json(send("PUT", path, arm(), Map.of("location", "westeurope", "properties",
                Map.of("computeMode", "Hybrid"))), 400);
        JsonNode badNsg = json(send("PUT", path, arm(), Map.of("location", "westeurope", "properties", Map.of("computeMode", "Hybrid",
                "managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m", "requiredNsgRules", "Some"))), 400);
        awaitStatus(send("PUT", path, arm(), hybrid).headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
        JsonNode changed = json(send("PUT", path, arm(), Map.of("location", "westeurope", "properties", Map.of("computeMode", "Serverless"))), 400);

        assertThat(missing.get("error").get("code").asText()).isEqualTo("InvalidRequestContent");
        assertThat(missing.get("error").get("message").asText()).contains("'properties.computeMode' is required");
        assertThat(serverlessWithGroup.get("error").get("message").asText()).contains("managedResourceGroupId")
                .contains("not allowed in a Serverless");
        assertThat(hybridWithoutGroup.get("error").get("message").asText()).contains("required in a Hybrid");
        assertThat(badNsg.get("error").get("message").asText()).contains("requiredNsgRules");
        assertThat(changed.get("error").get("message").asText()).contains("cannot be changed");
        assertThat(json(send("PUT", path, arm(), hybrid), 200).get("properties").get("computeMode").asText()).isEqualTo("Hybrid");
    }

    @Test
    void aWorkspaceMadeAt20240501ReadsAsHybridAtTheNewVersionsAndAsBeforeAtItsOwn() throws Exception {
        String rg = resourceGroup("rg-compute-old");
        String workspace = rg + "/providers/Microsoft.Databricks/workspaces/ws-old";
        HttpResponse<String> put = send("PUT", workspace + "?api-version=2024-05-01", arm(), Map.of("location", "westeurope",
                "sku", Map.of("name", "premium"), "properties", Map.of("managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m-old")));

        assertThat(put.headers().firstValue("Location")).isEmpty();
        awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
        assertThat(json(send("GET", workspace + "?api-version=2024-05-01", arm(), null), 200).get("properties").has("computeMode")).isFalse();
        assertThat(json(send("GET", workspace + "?api-version=2026-01-01", arm(), null), 200).get("properties").get("computeMode").asText())
                .isEqualTo("Hybrid");
        assertThat(json(send("GET", rg + "/providers/Microsoft.Databricks/workspaces?api-version=2025-10-01-preview", arm(), null), 200)
                .get("value").get(0).get("properties").get("computeMode").asText()).isEqualTo("Hybrid");
    }

    @Test
    void deleteTakesForceDeletionAndAnswersTheFixturesHeaders() throws Exception {
        String rg = resourceGroup("rg-compute-delete");
        String path = rg + "/providers/Microsoft.Databricks/workspaces/ws-force?api-version=2026-01-01";
        awaitStatus(send("PUT", path, arm(), Map.of("location", "westeurope", "properties", Map.of("computeMode", "Serverless")))
                .headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
        JsonNode example = mapper.readTree(fixture("arm/databricks-2026-01-01-WorkspaceDeleteForceDeletion.json"));

        JsonNode bogus = json(send("DELETE", path + "&forceDeletion=maybe", arm(), null), 400);
        HttpResponse<String> delete = send("DELETE", path + "&forceDeletion=" + example.get("parameters").get("forceDeletion").asText(), arm(), null);

        assertThat(bogus.get("error").get("code").asText()).isEqualTo("InvalidRequestContent");
        assertThat(delete.statusCode()).isEqualTo(202);
        example.get("responses").get("202").get("headers").fieldNames().forEachRemaining(header ->
                assertThat(delete.headers().firstValue(header)).as(header).isPresent());
        awaitStatus(delete.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
        assertThat(http.get(delete.headers().firstValue("Location").orElseThrow(), arm()).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", path + "&forceDeletion=true", arm(), null).statusCode()).isEqualTo(204);
    }
}
