package dev.bricklayer.emulator.arm;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.Workspaces;

/**
 * {@code Microsoft.Databricks/workspaces} resources as ARM shows them, made the same way by a direct PUT and by a
 * deployment: checked ({@link #problem}), recorded {@code Accepted} ({@link #accept}), and made real
 * ({@link #succeed}: the workspace's endpoint starts, ARM shows its id and URL).
 */
@Component
class WorkspaceResources {

    private static final Set<String> SKUS = Set.of("standard", "premium", "trial");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{3,64}$");
    /** Azure Databricks' first-party service principal, which holds Owner on the managed resource group. */
    private static final String DATABRICKS_PRINCIPAL = "9a74af6f-d153-4348-988a-e2672920bee9";
    private static final String OWNER_ROLE = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private static final String NO_ONE = "00000000-0000-0000-0000-000000000000";

    private final ArmState state;
    private final Workspaces workspaces;
    private final DatabricksRegions regions;
    private final Clock clock;
    private final String computeModeErrorCode;

    WorkspaceResources(ArmState state, Workspaces workspaces, DatabricksRegions regions, Clock clock,
                       dev.bricklayer.emulator.config.EmulatorProperties properties) {
        this.state = state;
        this.workspaces = workspaces;
        this.regions = regions;
        this.clock = clock;
        this.computeModeErrorCode = properties.computeModeErrorCode();
    }

    /**
     * What is wrong with a workspace's name, sku, location or required properties, as an error detail; from api-version
     * 2025-10-01-preview on, its compute mode's rules ({@link ComputeModes}).
     */
    Optional<ObjectNode> problem(String name, JsonNode body, String apiVersion) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of(ArmErrors.detail("InvalidWorkspaceName", "The workspace name '" + name + "' is invalid: it "
                    + "must be 3 to 64 characters of letters, digits, underscores and hyphens."));
        }
        // an absent sku is premium, as the specification's examples answer (reference §2.4)
        String sku = body.path("sku").path("name").asText("premium");
        if (!SKUS.contains(sku.toLowerCase(Locale.ROOT))) {
            return Optional.of(ArmErrors.detail("InvalidSkuName", "The sku '" + sku + "' is not valid. Valid values are: "
                    + "standard, premium, trial."));
        }
        String location = body.path("location").asText("");
        if (location.isBlank()) {
            return Optional.of(ArmErrors.detail("LocationRequired", "The location property is required for this definition."));
        }
        if (!regions.offers(location)) {
            return Optional.of(regions.notAvailable(location));
        }
        if (ComputeModes.applies(apiVersion)) {
            return ComputeModes.problem(body.path("properties"), computeModeErrorCode);
        }
        if (body.path("properties").path("managedResourceGroupId").asText("").isBlank()) {
            return Optional.of(ArmErrors.detail("InvalidRequestContent", "The request content was invalid: "
                    + "'properties.managedResourceGroupId' is required."));
        }
        return Optional.empty();
    }

    /** Records the workspace resource {@code Accepted}; its JSON. */
    ObjectNode accept(String id, String name, JsonNode body, String apiVersion, ServicePrincipal caller) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", id);
        json.put("name", name);
        json.put("type", ArmPaths.WORKSPACES);
        json.put("location", body.path("location").asText());
        json.set("tags", body.has("tags") ? body.get("tags") : NullNode.getInstance());
        json.putObject("sku").put("name", body.path("sku").path("name").asText("premium").toLowerCase(Locale.ROOT));
        // the request's own properties (accessConnector, defaultCatalog, encryption, …) are echoed as given
        ObjectNode properties = body.path("properties").isObject() ? ((ObjectNode) body.get("properties")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        properties.remove(List.of("provisioningState", "workspaceId", "workspaceUrl", "parameters"));
        json.set("properties", properties);
        boolean serverless = ComputeModes.SERVERLESS.equals(properties.path("computeMode").asText());
        if (!serverless) {
            properties.put("managedResourceGroupId", body.path("properties").path("managedResourceGroupId").asText());
        }
        if (!properties.has("uiDefinitionUri")) {
            properties.put("uiDefinitionUri", "https://portal.azure.com/emulated/workspaceCreateUiDefinition.json");
        }
        if (!serverless) {
            echoParameters(body.path("properties").path("parameters"), properties);
        }
        properties.put("provisioningState", "Accepted");
        properties.putArray("authorizations").addObject()
                .put("principalId", DATABRICKS_PRINCIPAL)
                .put("roleDefinitionId", OWNER_ROLE);
        ObjectNode createdBy = properties.putObject("createdBy");
        createdBy.put("oid", caller != null ? caller.objectId() : NO_ONE);
        createdBy.put("puid", "1003200" + Math.abs((caller != null ? caller.clientId() : "x").hashCode() % 100_000_000));
        createdBy.put("applicationId", caller != null ? caller.clientId() : NO_ONE);
        properties.set("updatedBy", createdBy.deepCopy());
        properties.put("createdDateTime", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        if (ComputeModes.applies(apiVersion)) {
            properties.put("isUcEnabled", true); // every new workspace is: Serverless always, Hybrid since November 2023
        } else if (apiVersion.compareTo("2024-05-01") >= 0) {
            properties.put("isUcEnabled", "UnityCatalog".equals(properties.path("defaultCatalog").path("initialType").asText()));
        }
        state.putWorkspace(id, json);
        return json;
    }

    /** Custom parameters are echoed with their type: {@code {"type": "Bool"|"Object"|"String", "value": …}}. */
    private static void echoParameters(JsonNode given, ObjectNode properties) {
        if (!given.isObject() || given.isEmpty()) {
            properties.putNull("parameters");
            return;
        }
        ObjectNode parameters = properties.putObject("parameters");
        given.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue().get("value");
            ObjectNode typed = parameters.putObject(e.getKey());
            typed.put("type", value != null && value.isBoolean() ? "Bool" : value != null && value.isObject() ? "Object" : "String");
            typed.set("value", value);
        });
    }

    /** The workspace exists: its endpoint runs, ARM shows it {@code Succeeded} with its id and URL. */
    void succeed(ObjectNode accepted) {
        EmulatedWorkspace running = workspaces.create(accepted.path("id").asText(), accepted.path("name").asText(),
                accepted.path("location").asText(), accepted.path("sku").path("name").asText());
        state.updateWorkspace(accepted.path("id").asText(), json -> {
            ObjectNode properties = json.with("properties");
            properties.put("provisioningState", "Succeeded");
            properties.put("workspaceId", running.workspaceId());
            properties.put("workspaceUrl", running.host());
            if (ComputeModes.SERVERLESS.equals(properties.path("computeMode").asText()) && !properties.has("defaultCatalog")) {
                // the specification's Serverless example answers it, though the property is "not allowed" on a request
                properties.putObject("defaultCatalog").put("initialType", "UnityCatalog").put("initialName", "");
            }
        });
    }

    void provisioningState(String id, String provisioningState) {
        state.updateWorkspace(id, json -> json.with("properties").put("provisioningState", provisioningState));
    }
}
