package dev.bricklayer.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.aad.TokenIssuer;

class ArmApiTest extends ArmTestBase {

    @Autowired
    ArmFailureScript failures;

    /** The body of a deployment of the official VNet-injection quickstart template with these parameters (name, value, …). */
    private ObjectNode quickstart(String... parameters) throws Exception {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        properties.put("mode", "Incremental").set("template", mapper.readTree(fixture("arm/quickstart-all-in-one-vnet-injection.azuredeploy.json")));
        ObjectNode given = properties.putObject("parameters");
        for (int i = 0; i < parameters.length; i += 2) {
            given.putObject(parameters[i]).put("value", parameters[i + 1]);
        }
        return body;
    }

    @Test
    void everyCallNeedsAnApiVersionAValidTokenAndARole() throws Exception {
        String rg = resourceGroup("rg-auth");

        JsonNode noVersion = json(send("GET", rg, arm(), null), 400);
        JsonNode badVersion = json(send("GET", rg + "?api-version=1999-01-01", arm(), null), 400);
        JsonNode noToken = json(send("GET", rg + "?api-version=2022-09-01", Map.of(), null), 401);
        JsonNode expired = json(send("GET", rg + "?api-version=2022-09-01", Map.of("Authorization", "Bearer " + issuer.issue(TENANT,
                PLATFORM_CLIENT, PLATFORM_OBJECT, TokenIssuer.ARM_RESOURCE, List.of(), Duration.ofSeconds(-10)).value()), null), 401);
        JsonNode wrongAudience = json(send("GET", rg + "?api-version=2022-09-01", Map.of("Authorization", "Bearer " + issuer.issue(TENANT,
                PLATFORM_CLIENT, PLATFORM_OBJECT, TokenIssuer.DATABRICKS_RESOURCE, List.of()).value()), null), 401);
        JsonNode noRole = json(send("PUT", rg + "/providers/Microsoft.Databricks/workspaces/ws-x?api-version=2024-05-01",
                arm(NO_ROLE_CLIENT), Map.of("location", "westeurope", "sku", Map.of("name", "premium"),
                        "properties", Map.of("managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m"))), 403);

        assertThat(noVersion.get("error").get("code").asText()).isEqualTo("MissingApiVersionParameter");
        assertThat(badVersion.get("error").get("code").asText()).isEqualTo("InvalidApiVersionParameter");
        assertThat(noToken.get("error").get("code").asText()).isEqualTo("AuthenticationFailed");
        assertThat(expired.get("error").get("code").asText()).isEqualTo("ExpiredAuthenticationToken");
        assertThat(wrongAudience.get("error").get("code").asText()).isEqualTo("InvalidAuthenticationTokenAudience");
        assertThat(noRole.get("error").get("code").asText()).isEqualTo("AuthorizationFailed");
        assertThat(noRole.get("error").get("message").asText()).contains("'" + NO_ROLE_CLIENT + "'")
                .contains("'Microsoft.Databricks/workspaces/write'");
    }

    @Test
    void theRateLimitHeadersCountDownPerSubscription() throws Exception {
        String rg = resourceGroup("rg-throttle");

        HttpResponse<String> first = send("GET", rg + "?api-version=2022-09-01", arm(), null);
        HttpResponse<String> second = send("GET", rg + "?api-version=2022-09-01", arm(), null);
        HttpResponse<String> write = send("PUT", rg + "?api-version=2022-09-01", arm(), Map.of("location", "westeurope"));

        long a = Long.parseLong(first.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads").orElseThrow());
        long b = Long.parseLong(second.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads").orElseThrow());
        assertThat(b).isEqualTo(a - 1);
        assertThat(write.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes")).isPresent();
        assertThat(first.headers().firstValue("x-ms-request-id")).isPresent();
    }

    @Test
    void theOfficialVnetInjectionTemplateDeploysWithOnlyAWorkspaceName() throws Exception {
        String rg = resourceGroup("rg-quickstart");
        ObjectNode body = quickstart("workspaceName", "ws-quickstart");

        HttpResponse<String> put = send("PUT", rg + "/providers/Microsoft.Resources/deployments/bricklayer-ws-quickstart?api-version=2022-09-01",
                arm(), body);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(mapper.readTree(put.body()).get("properties").get("provisioningState").asText()).isEqualTo("Accepted");
        String statusUrl = put.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        assertThat(statusUrl).contains("/operationStatuses/").contains("api-version=2022-09-01");
        awaitStatus(statusUrl, "Succeeded");
        JsonNode deployment = json(send("GET", rg + "/providers/Microsoft.Resources/deployments/bricklayer-ws-quickstart?api-version=2022-09-01", arm(), null), 200);
        assertThat(deployment.get("properties").get("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(deployment.get("properties").get("outputResources").findValuesAsText("id"))
                .anyMatch(id -> id.endsWith("/Microsoft.Network/networkSecurityGroups/databricks-nsg"))
                .anyMatch(id -> id.endsWith("/Microsoft.Network/virtualNetworks/databricks-vnet"))
                .anyMatch(id -> id.endsWith("/Microsoft.Databricks/workspaces/ws-quickstart"));
        JsonNode vnet = json(send("GET", rg + "/providers/Microsoft.Network/virtualNetworks/databricks-vnet?api-version=2022-09-01", arm(), null), 200);
        assertThat(vnet.get("properties").get("subnets")).hasSize(2).allSatisfy(subnet ->
                assertThat(subnet.get("properties").get("delegations").get(0).get("properties").get("serviceName").asText())
                        .isEqualTo("Microsoft.Databricks/workspaces"));
        JsonNode workspace = json(send("GET", rg + "/providers/Microsoft.Databricks/workspaces/ws-quickstart?api-version=2018-04-01", arm(), null), 200);
        assertThat(workspace.get("properties").get("provisioningState").asText()).isEqualTo("Succeeded");
        assertSameShape(mapper.readTree(fixture("arm/databricks-2018-04-01-WorkspaceGet.json")).get("responses").get("200").get("body"),
                workspace, "workspace");
        assertThat(workspace.get("properties").get("workspaceId").asText()).matches("\\d{16}");
        assertThat(workspace.get("properties").get("managedResourceGroupId").asText())
                .matches("/subscriptions/" + SUB_ID + "/resourceGroups/databricks-rg-ws-quickstart-[a-z2-7]{13}");
        assertThat(workspace.get("properties").get("parameters").get("customVirtualNetworkId").get("value").asText()).endsWith("/databricks-vnet");
        assertThat(workspace.get("properties").get("parameters").get("enableNoPublicIp").get("type").asText()).isEqualTo("Bool");
        HttpResponse<String> endpoint = http.get("https://" + workspace.get("properties").get("workspaceUrl").asText()
                + "/.well-known/databricks-config", Map.of());
        assertThat(endpoint.statusCode()).isEqualTo(200);
    }

    @Test
    void aScriptedFailureEndsTheDeploymentFailedWithTheArmErrorShape() throws Exception {
        String rg = resourceGroup("rg-quota");
        failures.add(new ArmFailureScript.Failure("rg-quota", "QuotaExceeded", "Operation could not be completed as it results in exceeding approved Total Regional Cores quota.", 1));
        ObjectNode body = quickstart("workspaceName", "ws-quota");

        HttpResponse<String> put = send("PUT", rg + "/providers/Microsoft.Resources/deployments/d-quota?api-version=2022-09-01", arm(), body);
        JsonNode failed = awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Failed");

        JsonNode observed = mapper.readTree(fixture("arm/observed-deployment-failed-operation-status.json"));
        assertSameShape(observed, failed, "status");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("DeploymentFailed");
        assertThat(failed.get("error").get("details").get(0).get("code").asText()).isEqualTo("QuotaExceeded");
        assertThat(send("GET", rg + "/providers/Microsoft.Databricks/workspaces/ws-quota?api-version=2024-05-01", arm(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void overlappingSubnetsFailTheDeploymentAndBadParametersAreRefusedUpFront() throws Exception {
        String rg = resourceGroup("rg-subnets");
        ObjectNode body = quickstart("workspaceName", "ws-overlap", "publicSubnetCidr", "10.179.0.0/18");

        HttpResponse<String> put = send("PUT", rg + "/providers/Microsoft.Resources/deployments/d-overlap?api-version=2022-09-01", arm(), body);
        JsonNode failed = awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Failed");
        body.with("properties").with("parameters").putObject("pricingTier").put("value", "gold");
        JsonNode invalid = json(send("PUT", rg + "/providers/Microsoft.Resources/deployments/d-tier?api-version=2022-09-01", arm(), body), 400);
        JsonNode noRg = json(send("PUT", "/subscriptions/" + SUB_ID + "/resourcegroups/rg-nowhere/providers/Microsoft.Resources/deployments/d?api-version=2022-09-01",
                arm(), body), 404);

        assertThat(failed.get("error").get("details").get(0).get("code").asText()).isEqualTo("NetcfgSubnetRangesOverlap");
        assertThat(invalid.get("error").get("code").asText()).isEqualTo("InvalidTemplate");
        assertThat(invalid.get("error").get("message").asText()).contains("'gold'").contains("pricingTier").contains("trial,standard,premium");
        assertThat(noRg.get("error").get("code").asText()).isEqualTo("ResourceGroupNotFound");
    }

    @Test
    void everyWorkspaceFixtureRequestIsAcceptedAndAnsweredWithTheFixturesFields() throws Exception {
        String rg = resourceGroup("rg");
        for (String file : List.of("arm/databricks-2023-02-01-WorkspaceCreate.json", "arm/databricks-2023-02-01-WorkspaceCreateWithParameters.json",
                "arm/databricks-2024-05-01-WorkspaceCreate.json", "arm/databricks-2024-05-01-WorkspaceCreateWithParameters.json")) {
            JsonNode example = mapper.readTree(fixture(file));
            String name = example.get("parameters").get("workspaceName").asText() + "-" + file.hashCode() % 1000;
            name = name.replace("-", "x");
            String version = example.get("parameters").get("api-version").asText();
            String path = rg + "/providers/Microsoft.Databricks/workspaces/" + name + "?api-version=" + version;
            JsonNode request = example.get("parameters").get("parameters");

            HttpResponse<String> put = send("PUT", path, arm(), request);

            assertThat(put.statusCode()).as(file + ": " + put.body()).isEqualTo(201);
            JsonNode created = mapper.readTree(put.body());
            assertThat(created.get("properties").get("provisioningState").asText()).isEqualTo("Accepted");
            assertThat(created.get("properties").has("workspaceUrl")).isFalse();
            awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
            JsonNode done = json(send("GET", path, arm(), null), 200);
            JsonNode expected = example.get("responses").get("200").get("body");
            assertSameShape(((ObjectNode) expected.deepCopy()).without(List.of("tags", "name", "location")), done, file);
            assertThat(done.get("properties").get("workspaceUrl").asText()).isNotBlank();
        }
        JsonNode list = json(send("GET", rg + "/providers/Microsoft.Databricks/workspaces?api-version=2024-05-01", arm(), null), 200);
        assertSameShape(((ObjectNode) mapper.readTree(fixture("arm/databricks-2024-05-01-WorkspacesListByResourceGroup.json"))
                .get("responses").get("200").get("body")).without("nextLink"), list, "list");
        assertThat(list.get("value")).hasSize(4);
    }

    @Test
    void deleteAnswers202WithTheAsyncHeadersThenTheWorkspaceIsGone() throws Exception {
        String rg = resourceGroup("rg-delete");
        String path = rg + "/providers/Microsoft.Databricks/workspaces/ws-delete?api-version=2024-05-01";
        HttpResponse<String> put = send("PUT", path, arm(), Map.of("location", "westeurope", "sku", Map.of("name", "standard"),
                "properties", Map.of("managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m-delete")));
        awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
        String host = json(send("GET", path, arm(), null), 200).get("properties").get("workspaceUrl").asText();

        HttpResponse<String> delete = send("DELETE", path, arm(), null);

        assertThat(delete.statusCode()).isEqualTo(202);
        assertThat(delete.headers().firstValue("Retry-After")).contains("10");
        assertThat(delete.headers().firstValue("Location").orElseThrow()).contains("/operationResults/");
        awaitStatus(delete.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
        JsonNode gone = json(send("GET", path, arm(), null), 404);
        assertThat(gone.get("error").get("code").asText()).isEqualTo("ResourceNotFound");
        assertThat(gone.get("error").get("message").asText()).startsWith("The Resource 'Microsoft.Databricks/workspaces/ws-delete' under resource group 'rg-delete' was not found.");
        assertThat(workspaces.byName("ws-delete")).isEmpty();
        assertThat(send("DELETE", path, arm(), null).statusCode()).isEqualTo(204);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.get("https://" + host + "/.well-known/databricks-config", Map.of()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aLinkedTemplateIsAcceptedAndFailsBecauseItCannotBeDownloaded() throws Exception {
        String rg = resourceGroup("my-resource-group");
        JsonNode example = mapper.readTree(fixture("arm/resources-2022-09-01-PutDeploymentResourceGroup.json"));

        HttpResponse<String> put = send("PUT", rg + "/providers/Microsoft.Resources/deployments/my-deployment?api-version=2022-09-01",
                arm(), example.get("parameters").get("parameters"));

        assertThat(put.statusCode()).isEqualTo(201);
        assertSameShape(((ObjectNode) example.get("responses").get("201").get("body").deepCopy()).without("properties"),
                mapper.readTree(put.body()), "deployment");
        JsonNode failed = awaitStatus(put.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Failed");
        assertThat(failed.get("error").get("details").get(0).get("code").asText()).isEqualTo("InvalidContentLink");
    }

    @Test
    void aWorkspaceOutsideTheAzureDatabricksRegionsIsRefusedAndRegionNamesCompareAsArmDoes() throws Exception {
        String rg = resourceGroup("rg-regions");
        Map<String, Object> properties = Map.of("managedResourceGroupId", "/subscriptions/" + SUB_ID + "/resourceGroups/m-regions");

        JsonNode refused = json(send("PUT", rg + "/providers/Microsoft.Databricks/workspaces/ws-atlantis?api-version=2024-05-01",
                arm(), Map.of("location", "atlantis", "sku", Map.of("name", "premium"), "properties", properties)), 400);
        HttpResponse<String> spaced = send("PUT", rg + "/providers/Microsoft.Databricks/workspaces/ws-spaced?api-version=2024-05-01",
                arm(), Map.of("location", "West Europe", "sku", Map.of("name", "premium"), "properties", properties));

        assertThat(refused.get("error").get("code").asText()).isEqualTo("LocationNotAvailableForResourceType");
        assertThat(refused.get("error").get("message").asText())
                .startsWith("The provided location 'atlantis' is not available for resource type 'Microsoft.Databricks/workspaces'. "
                        + "List of available regions for the resource type is '")
                .contains(",westeurope,").endsWith(",westus3'.");
        assertThat(send("GET", rg + "/providers/Microsoft.Databricks/workspaces/ws-atlantis?api-version=2024-05-01", arm(), null)
                .statusCode()).isEqualTo(404);
        assertThat(spaced.statusCode()).as(spaced.body()).isEqualTo(201);
        awaitStatus(spaced.headers().firstValue("Azure-AsyncOperation").orElseThrow(), "Succeeded");
    }

    @Test
    void aDeploymentOfAWorkspaceOutsideTheAzureDatabricksRegionsFailsPreflightAndDeploysNothing() throws Exception {
        String rg = resourceGroup("rg-atlantis");
        ObjectNode body = quickstart("workspaceName", "ws-atlantis", "location", "atlantis");
        String deployment = rg + "/providers/Microsoft.Resources/deployments/d-atlantis?api-version=2022-09-01";

        JsonNode refused = json(send("PUT", deployment, arm(), body), 400);

        assertThat(refused.get("error").get("code").asText()).isEqualTo("InvalidTemplateDeployment");
        assertThat(refused.get("error").get("message").asText())
                .startsWith("The template deployment 'd-atlantis' is not valid according to the validation procedure.");
        JsonNode detail = refused.get("error").get("details").get(0);
        assertThat(detail.get("code").asText()).isEqualTo("LocationNotAvailableForResourceType");
        assertThat(detail.get("message").asText()).startsWith("The provided location 'atlantis' is not available for resource type "
                + "'Microsoft.Databricks/workspaces'.");
        assertThat(json(send("GET", deployment, arm(), null), 404).get("error").get("code").asText()).isEqualTo("DeploymentNotFound");
        assertThat(send("GET", rg + "/providers/Microsoft.Network/virtualNetworks/databricks-vnet?api-version=2022-09-01", arm(), null)
                .statusCode()).isEqualTo(404);
        assertThat(workspaces.byName("ws-atlantis")).isEmpty();
    }
}
