package dev.bricklayer.emulator.arm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.arm.ArmState.Deployment;
import dev.bricklayer.emulator.arm.ArmState.Operation;
import dev.bricklayer.emulator.arm.ArmState.ResourceGroup;
import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.JsonBodies;
import reactor.core.publisher.Mono;

/**
 * {@code Microsoft.Resources/deployments} at resource-group scope. PUT checks the request (name, {@code properties},
 * {@code mode}, {@code template} or {@code templateLink}; 409 {@code DeploymentActive} while an earlier run is
 * active), plans the template ({@link DeploymentPlanner}), runs ARM's preflight (a workspace must be in a region
 * where Azure Databricks is offered: else 400 {@code InvalidTemplateDeployment}), then answers 201 (200 for a rerun)
 * {@code Accepted} with {@code Azure-AsyncOperation} and hands the deployment to the {@link DeploymentRunner}. GET
 * answers the deployment as ARM shows it.
 */
@Component
class DeploymentHandler {

    private static final Pattern NAME = Pattern.compile("^[-\\w._()]{1,64}$");
    private static final String NO_TENANT = "00000000-0000-0000-0000-000000000000";

    private final ArmState state;
    private final Directory directory;
    private final DeploymentRunner runner;
    private final DatabricksRegions regions;
    private final EmulatorServers servers;
    private final JsonBodies bodies;
    private final Clock clock;

    DeploymentHandler(ArmState state, Directory directory, DeploymentRunner runner, DatabricksRegions regions,
                      @Lazy EmulatorServers servers, JsonBodies bodies, Clock clock) {
        this.state = state;
        this.directory = directory;
        this.runner = runner;
        this.regions = regions;
        this.servers = servers;
        this.bodies = bodies;
        this.clock = clock;
    }

    Mono<ServerResponse> put(ServerRequest request, ArmCall call) {
        return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> {
            String name = call.name();
            if (!NAME.matcher(name).matches()) {
                throw EmulatorException.arm(400, "InvalidDeploymentName", "The deployment name '" + name + "' is invalid. It "
                        + "can contain only alphanumeric, underscore, parentheses, hyphen and period characters and be 1 to 64 "
                        + "characters long.");
            }
            ResourceGroup group = state.requireResourceGroup(call.subscription(), call.group());
            ObjectNode properties = properties(body);
            String id = group.id() + "/providers/Microsoft.Resources/deployments/" + name;
            state.deployment(id).filter(Deployment::active).ifPresent(active -> {
                throw EmulatorException.arm(409, "DeploymentActive", "Unable to edit or replace deployment '" + name
                        + "': previous deployment from '" + active.startedAt() + "' is still active (expiration time is '"
                        + active.startedAt().plus(Duration.ofDays(7)) + "'). Please see https://aka.ms/arm-deploy for usage details.");
            });
            JsonNode template = properties.get("template");
            List<PlannedResource> plan = template != null && template.isObject()
                    ? DeploymentPlanner.plan(group, tenantOf(call.caller()), template, properties.path("parameters")) : null;
            if (plan != null) {
                preflight(name, plan);
            }
            String operationId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT).replace("-", "").substring(0, 16);
            Instant now = clock.instant();
            Deployment deployment = new Deployment(id, name, call.subscription(), group.name(), properties.deepCopy(), "Accepted",
                    UUID.randomUUID().toString(), operationId, call.apiVersion(), now, null, null, List.of());
            boolean replaced = state.startDeployment(deployment, new Operation(operationId, "Accepted", now, null, null));
            runner.run(deployment, plan);
            String statusUrl = servers.mainBaseUrl() + id + "/operationStatuses/" + operationId + "?api-version=" + call.apiVersion();
            return JsonBodies.write(ServerResponse.status(replaced ? 200 : 201).header("Azure-AsyncOperation", statusUrl),
                    json(deployment));
        });
    }

    Mono<ServerResponse> get(ServerRequest request, ArmCall call) {
        state.requireResourceGroup(call.subscription(), call.group());
        String id = "/subscriptions/" + call.subscription() + "/resourceGroups/" + call.group()
                + "/providers/Microsoft.Resources/deployments/" + call.name();
        return JsonBodies.ok(json(state.deployment(id).orElseThrow(() ->
                EmulatorException.arm(404, "DeploymentNotFound", "Deployment '" + call.name() + "' could not be found."))));
    }

    /** The request's {@code properties}: an object with a {@code mode} and a {@code template} or {@code templateLink}. */
    private static ObjectNode properties(ObjectNode body) {
        JsonNode properties = body.get("properties");
        if (properties == null || !properties.isObject()) {
            throw EmulatorException.arm(400, "InvalidRequestContent", "The request content was invalid and could not be "
                    + "deserialized: 'Required property 'properties' not found in JSON.'");
        }
        String mode = properties.path("mode").asText(null);
        if (!"Incremental".equalsIgnoreCase(String.valueOf(mode)) && !"Complete".equalsIgnoreCase(String.valueOf(mode))) {
            throw EmulatorException.arm(400, "InvalidRequestContent", "The request content was invalid and could not be "
                    + "deserialized: 'Required property 'mode' expects 'Incremental' or 'Complete'.'");
        }
        JsonNode template = properties.get("template");
        if ((template == null || !template.isObject()) && !properties.has("templateLink")) {
            throw EmulatorException.arm(400, "InvalidRequestContent", "The request content was invalid: 'template' or "
                    + "'templateLink' is required.");
        }
        return (ObjectNode) properties;
    }

    /**
     * ARM's preflight validation, before anything is deployed: a workspace in a location where Azure Databricks is
     * not offered refuses the whole deployment, 400 {@code InvalidTemplateDeployment} with the resource's
     * {@code LocationNotAvailableForResourceType} as its detail.
     */
    private void preflight(String name, List<PlannedResource> plan) {
        for (PlannedResource resource : plan) {
            String location = resource.body().path("location").asText("");
            if (resource.is(ArmPaths.WORKSPACES) && !location.isBlank() && !regions.offers(location)) {
                throw EmulatorException.arm(400, "InvalidTemplateDeployment", "The template deployment '" + name + "' is not "
                        + "valid according to the validation procedure. The tracking id is '" + UUID.randomUUID() + "'. See "
                        + "inner errors for details.", List.of(regions.notAvailable(location)));
            }
        }
    }

    private String tenantOf(ServicePrincipal caller) {
        return directory.tenants().stream()
                .filter(t -> t.servicePrincipals().stream().anyMatch(sp -> sp.clientId().equals(caller.clientId())))
                .map(EmulatorProperties.Tenant::id).findFirst().orElse(NO_TENANT);
    }

    /** The deployment as ARM shows it ({@code DeploymentExtended}). */
    private ObjectNode json(Deployment deployment) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", deployment.id());
        json.put("name", deployment.name());
        json.put("type", ArmPaths.DEPLOYMENTS);
        ObjectNode properties = json.putObject("properties");
        properties.put("templateHash", String.valueOf(Math.abs((long) deployment.properties().path("template").hashCode()) * 1000003L));
        ObjectNode parameters = properties.putObject("parameters");
        deployment.properties().path("parameters").fields().forEachRemaining(e -> {
            JsonNode value = e.getValue().get("value");
            ObjectNode echoed = parameters.putObject(e.getKey());
            echoed.put("type", value == null ? "String" : value.isBoolean() ? "Bool" : value.isNumber() ? "Int"
                    : value.isObject() ? "Object" : value.isArray() ? "Array" : "String");
            if (value != null) {
                echoed.set("value", value);
            }
        });
        if (deployment.properties().has("templateLink")) {
            properties.set("templateLink", deployment.properties().get("templateLink"));
        }
        properties.put("mode", deployment.properties().path("mode").asText());
        properties.put("provisioningState", deployment.provisioningState());
        Instant end = deployment.endedAt() != null ? deployment.endedAt() : clock.instant();
        properties.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(deployment.endedAt() != null ? deployment.endedAt()
                : deployment.startedAt()));
        properties.put("duration", Duration.between(deployment.startedAt(), end).toString());
        properties.put("correlationId", deployment.correlationId());
        properties.putArray("providers");
        properties.putArray("dependencies");
        if ("Succeeded".equals(deployment.provisioningState())) {
            ArrayNode outputs = properties.putArray("outputResources");
            deployment.outputResources().forEach(id -> outputs.addObject().put("id", id));
        }
        if (deployment.error() != null) {
            properties.set("error", deployment.error());
        }
        return json;
    }
}
