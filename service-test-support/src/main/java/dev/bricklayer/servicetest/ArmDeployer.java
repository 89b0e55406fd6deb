package dev.bricklayer.servicetest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.aad.TokenIssuer;

/** A workspace deployed through ARM as workspace-service would: the resource group, then the workspace, as the platform's app. */
final class ArmDeployer {

    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final EmulatorWire wire;
    private final TokenIssuer tokens;

    ArmDeployer(String baseUrl, EmulatorWire wire, TokenIssuer tokens) {
        this.baseUrl = baseUrl;
        this.wire = wire;
        this.tokens = tokens;
    }

    ReadyWorkspace deploy(String name) {
        String group = "/subscriptions/" + EmulatedAzure.SUBSCRIPTION + "/resourcegroups/rg-" + name;
        wire.send("PUT", baseUrl + group + "?api-version=2022-09-01", armToken(), Map.of("location", "westeurope")).successful();
        String path = group + "/providers/Microsoft.Databricks/workspaces/" + name + "?api-version=2024-05-01";
        wire.send("PUT", baseUrl + path, armToken(), Map.of("location", "westeurope", "sku", Map.of("name", "premium"),
                "properties", Map.of("managedResourceGroupId", "/subscriptions/" + EmulatedAzure.SUBSCRIPTION + "/resourceGroups/databricks-rg-" + name)))
                .successful();
        long deadline = System.nanoTime() + DEPLOYMENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode workspace = wire.send("GET", baseUrl + path, armToken(), null).successful();
            JsonNode properties = workspace.path("properties");
            if ("Succeeded".equals(properties.path("provisioningState").asText())) {
                return new ReadyWorkspace(name, workspace.get("id").asText(), properties.get("workspaceId").asText(),
                        properties.get("workspaceUrl").asText());
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("workspace " + name + " was not deployed within " + DEPLOYMENT_TIMEOUT);
    }

    private Map<String, String> armToken() {
        return Map.of("Authorization", "Bearer " + tokens.issue(EmulatedAzure.TENANT, EmulatedAzure.CLIENT_ID,
                "0a1b2c3d-0000-4000-8000-000000000001", TokenIssuer.ARM_RESOURCE, List.of()).value());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
