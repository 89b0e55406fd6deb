package dev.bricklayer.workspace.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;

/** Deployments at api-version 2026-01-01 (Hybrid and Serverless) against the emulator's ARM, and the 2024-05-01 path kept. */
class ArmOptionsDeploymentTest {

    private static EmulatedAzure azure;
    private static ArmDeploymentClient arm;
    private static WorkspaceProvisioner provisioner;
    private static BlueprintCatalog blueprints;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(1200)));
        arm = new ArmDeploymentClient(azure.apiClients("workspace-service", Map.of()));
        provisioner = new WorkspaceProvisioner(arm, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30));
        blueprints = BlueprintCatalog.load(Requests.ucBlueprints(), azure.mapper());
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static JsonNode json(String text) {
        try {
            return azure.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArmOptions options(String blueprint) {
        return blueprints.find(blueprint, null).orElseThrow().arm();
    }

    private static WorkspaceProvisioner.Ready provision(WorkspaceRequested request, WorkspaceDeployment deployment) {
        WorkspaceProvisioner.Outcome outcome = provisioner.provision(request, deployment, null, url -> { }).block(Duration.ofSeconds(40));
        assertThat(outcome).isInstanceOf(WorkspaceProvisioner.Ready.class);
        return (WorkspaceProvisioner.Ready) outcome;
    }

    /** ARM's view of the deployment: the parameters it received (typed) and the resources it made. */
    private static JsonNode deploymentAsArmHasIt(WorkspaceRequested request, WorkspaceDeployment deployment) {
        return arm.getDeployment(request.subscriptionId(), request.resourceGroup(), request.workspaceName(), deployment.name())
                .block(Duration.ofSeconds(10)).path("properties");
    }

    private static List<JournalEntry> workspaceReads(String workspace) {
        return azure.bean(Journal.class).find(e -> "arm".equals(e.surface()) && "GET".equals(e.method())
                && e.path().endsWith("/providers/Microsoft.Databricks/workspaces/" + workspace));
    }

    @Test
    void aHybridWorkspaceIsDeployedAt20260101WithItsNetworkItsManagedResourceGroupAndItsOptions() {
        WorkspaceRequested request = Requests.of("ws-arm-hybrid", "lakehouse", "westeurope", Requests.network());
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, options("lakehouse"), azure.mapper());

        WorkspaceProvisioner.Ready ready = provision(request, deployment);

        assertThat(deployment.apiVersion()).isEqualTo("2026-01-01");
        assertThat(deployment.parameters()).isEqualTo(json("""
                {"workspaceName": {"value": "ws-arm-hybrid"}, "location": {"value": "westeurope"}, "pricingTier": {"value": "premium"},
                 "nsgName": {"value": "nsg-finance"}, "vnetName": {"value": "vnet-finance"}, "vnetCidr": {"value": "10.139.0.0/16"},
                 "publicSubnetName": {"value": "snet-public"}, "publicSubnetCidr": {"value": "10.139.0.0/18"},
                 "privateSubnetName": {"value": "snet-private"}, "privateSubnetCidr": {"value": "10.139.64.0/18"},
                 "disablePublicIp": {"value": true}, "managedResourceGroupName": {"value": "databricks-rg-ws-arm-hybrid"},
                 "workspaceTags": {"value": {"env": "prod"}}, "publicNetworkAccess": {"value": "Disabled"},
                 "requiredNsgRules": {"value": "NoAzureDatabricksRules"},
                 "enhancedSecurityCompliance": {"value": {"automaticClusterUpdate": {"value": "Enabled"},
                     "complianceSecurityProfile": {"value": "Enabled", "complianceStandards": ["HIPAA"]},
                     "enhancedSecurityMonitoring": {"value": "Enabled"}}}}
                """));
        JsonNode resource = deployment.template().path("resources").get(2);
        assertThat(resource.path("apiVersion").asText()).isEqualTo("2026-01-01");
        assertThat(resource.path("properties").path("computeMode").asText()).isEqualTo("Hybrid");
        JsonNode asDeployed = deploymentAsArmHasIt(request, deployment);
        assertThat(asDeployed.path("parameters").path("enhancedSecurityCompliance").path("type").asText()).isEqualTo("Object");
        assertThat(asDeployed.path("parameters").path("enhancedSecurityCompliance").path("value"))
                .isEqualTo(deployment.parameters().path("enhancedSecurityCompliance").path("value"));
        assertThat(asDeployed.path("outputResources")).hasSize(3);
        JsonNode properties = arm.getWorkspace(ready.resourceId(), "2026-01-01", request.workspaceName()).block(Duration.ofSeconds(10))
                .path("properties");
        assertThat(properties.path("computeMode").asText()).isEqualTo("Hybrid");
        assertThat(properties.path("managedResourceGroupId").asText()).endsWith("/resourceGroups/databricks-rg-ws-arm-hybrid");
        assertThat(properties.path("publicNetworkAccess").asText()).isEqualTo("Disabled");
        assertThat(properties.path("requiredNsgRules").asText()).isEqualTo("NoAzureDatabricksRules");
        assertThat(properties.path("enhancedSecurityCompliance")).isEqualTo(deployment.parameters().path("enhancedSecurityCompliance").path("value"));
        assertThat(properties.path("parameters").path("customVirtualNetworkId").path("value").asText())
                .endsWith("/providers/Microsoft.Network/virtualNetworks/vnet-finance");
        assertThat(properties.path("isUcEnabled").asBoolean()).isTrue();
        // the provisioner read the workspace back at the api-version it was deployed with
        assertThat(workspaceReads("ws-arm-hybrid")).isNotEmpty().allSatisfy(read -> assertThat(read.query()).isEqualTo("api-version=2026-01-01"));
    }

    @Test
    void aServerlessWorkspaceIsTheWorkspaceAloneWithoutNetworkOrManagedResourceGroup() {
        WorkspaceRequested request = Requests.of("ws-arm-serverless", "serverless", "westeurope", null);
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, options("serverless"), azure.mapper());

        WorkspaceProvisioner.Ready ready = provision(request, deployment);

        assertThat(deployment.parameters()).isEqualTo(json("""
                {"workspaceName": {"value": "ws-arm-serverless"}, "location": {"value": "westeurope"}, "pricingTier": {"value": "premium"},
                 "workspaceTags": {"value": {"env": "prod"}}, "publicNetworkAccess": {"value": "Enabled"},
                 "enhancedSecurityCompliance": {"value": {"automaticClusterUpdate": {"value": "Disabled"},
                     "complianceSecurityProfile": {"value": "Enabled", "complianceStandards": ["HIPAA"]},
                     "enhancedSecurityMonitoring": {"value": "Disabled"}}}}
                """));
        assertThat(deployment.template().path("resources")).singleElement().satisfies(resource -> assertThat(resource).isEqualTo(json("""
                {"type": "Microsoft.Databricks/workspaces", "apiVersion": "2026-01-01", "name": "[parameters('workspaceName')]",
                 "location": "[parameters('location')]", "sku": {"name": "[parameters('pricingTier')]"},
                 "properties": {"computeMode": "Serverless", "publicNetworkAccess": "[parameters('publicNetworkAccess')]",
                                "enhancedSecurityCompliance": "[parameters('enhancedSecurityCompliance')]"},
                 "tags": "[parameters('workspaceTags')]"}
                """)));
        assertThat(deploymentAsArmHasIt(request, deployment).path("outputResources")).hasSize(1);
        JsonNode properties = arm.getWorkspace(ready.resourceId(), "2026-01-01", request.workspaceName()).block(Duration.ofSeconds(10))
                .path("properties");
        assertThat(properties.path("computeMode").asText()).isEqualTo("Serverless");
        assertThat(properties.has("managedResourceGroupId")).isFalse();
        assertThat(properties.has("parameters")).isFalse();
        assertThat(properties.path("isUcEnabled").asBoolean()).isTrue();
        assertThat(ready.workspaceUrl()).startsWith("localhost:");
    }

    @Test
    void aBlueprintWithoutOptionsKeepsThe20240501TemplateAndItsParameters() {
        WorkspaceRequested request = Requests.valid("ws-arm-classic");

        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, ArmOptions.NONE, azure.mapper());

        assertThat(deployment.apiVersion()).isEqualTo("2024-05-01");
        assertThat(deployment.template().path("resources")).hasSize(3);
        assertThat(deployment.template().path("resources").get(2).path("apiVersion").asText()).isEqualTo("2024-05-01");
        assertThat(deployment.template().path("resources").get(2).path("properties").has("computeMode")).isFalse();
        assertThat(deployment.parameters().fieldNames()).toIterable().containsExactly("workspaceName", "location", "pricingTier",
                "nsgName", "vnetName", "vnetCidr", "publicSubnetName", "publicSubnetCidr", "privateSubnetName", "privateSubnetCidr",
                "disablePublicIp", "managedResourceGroupName", "workspaceTags");
        assertThat(WorkspaceDeployment.of(request, options("lakehouse"), azure.mapper()).name()).isNotEqualTo(deployment.name());
    }
}
