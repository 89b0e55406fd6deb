package dev.bricklayer.emulator.arm;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.arm.ArmState.Operation;
import dev.bricklayer.emulator.arm.ArmState.ResourceGroup;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.Workspaces;
import reactor.core.publisher.Mono;

/**
 * {@code Microsoft.Databricks/workspaces}: PUT (201 {@code Accepted} with {@code Azure-AsyncOperation}, then
 * {@code Succeeded} — or a scripted failure — after {@code emulator.deployment-duration}; 409 while an operation
 * runs; a PUT of an existing workspace updates its tags), GET, PATCH (tags), DELETE (202 with {@code Location},
 * {@code Azure-AsyncOperation} and {@code Retry-After}; the endpoint stops; 204 for none) and the lists by resource
 * group and by subscription. From api-version 2025-10-01-preview on ({@link ComputeModes}): {@code computeMode} is
 * required and cannot change, the 201 also carries {@code Location} (which answers the workspace once it is made) and
 * {@code Retry-After}, a workspace made by an older api-version reads as {@code Hybrid}, and DELETE takes
 * {@code forceDeletion} ({@code true}|{@code false}; the emulator keeps no Unity Catalog data to retain).
 */
@Component
class WorkspaceHandler {

    private final ArmState state;
    private final WorkspaceResources resources;
    private final Workspaces workspaces;
    private final ArmFailureScript failures;
    private final ArmScheduler scheduler;
    private final EmulatorServers servers;
    private final JsonBodies bodies;
    private final Clock clock;
    private final String computeModeErrorCode;

    WorkspaceHandler(ArmState state, WorkspaceResources resources, Workspaces workspaces, ArmFailureScript failures,
                     ArmScheduler scheduler, @Lazy EmulatorServers servers, JsonBodies bodies, Clock clock,
                     dev.bricklayer.emulator.config.EmulatorProperties properties) {
        this.computeModeErrorCode = properties.computeModeErrorCode();
        this.state = state;
        this.resources = resources;
        this.workspaces = workspaces;
        this.failures = failures;
        this.scheduler = scheduler;
        this.servers = servers;
        this.bodies = bodies;
        this.clock = clock;
    }

    Mono<ServerResponse> put(ServerRequest request, ArmCall call) {
        return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> {
            ResourceGroup group = state.requireResourceGroup(call.subscription(), call.group());
            resources.problem(call.name(), body, call.apiVersion()).ifPresent(problem -> {
                throw ArmErrors.badRequest(problem);
            });
            String id = group.id() + "/providers/Microsoft.Databricks/workspaces/" + call.name();
            Optional<ObjectNode> existing = state.workspace(id);
            if (existing.isPresent()) {
                if (ComputeModes.applies(call.apiVersion())) {
                    ComputeModes.change(existing.get(), body.path("properties"), computeModeErrorCode).ifPresent(problem -> {
                        throw ArmErrors.badRequest(problem);
                    });
                }
                return update(id, existing.get(), body);
            }
            ObjectNode accepted = resources.accept(id, call.name(), body, call.apiVersion(), call.caller());
            String operationId = UUID.randomUUID().toString();
            state.putOperation(new Operation(operationId, "Accepted", clock.instant(), null, null));
            Optional<ArmFailureScript.Failure> scripted = failures.take(call.group(), call.name());
            scheduler.after(scheduler.duration().toMillis(), () -> {
                if (scripted.isPresent()) {
                    resources.provisioningState(id, "Failed");
                    state.finishOperation(operationId, "Failed", clock.instant(),
                            ArmErrors.detail(scripted.get().code(), scripted.get().message()));
                } else {
                    resources.succeed(accepted);
                    state.finishOperation(operationId, "Succeeded", clock.instant(), null);
                }
            });
            String statusUrl = servers.mainBaseUrl() + id + "/operationStatus/" + operationId + "?api-version=" + call.apiVersion();
            ServerResponse.BodyBuilder created = ServerResponse.status(201).header("Azure-AsyncOperation", statusUrl);
            if (ComputeModes.applies(call.apiVersion())) {
                state.putOperationResult(operationId, id);
                created.header(HttpHeaders.LOCATION, servers.mainBaseUrl() + id + "/operationResults/" + operationId
                        + "?api-version=" + call.apiVersion()).header("Retry-After", "10");
            }
            return JsonBodies.write(created, accepted);
        });
    }

    /** A PUT of a workspace that exists: refused while an operation runs on it, else its tags change. */
    private Mono<ServerResponse> update(String id, ObjectNode existing, ObjectNode body) {
        String provisioningState = existing.path("properties").path("provisioningState").asText();
        if (!"Succeeded".equals(provisioningState) && !"Failed".equals(provisioningState)) {
            throw EmulatorException.arm(409, "AnotherOperationInProgress", "Another operation on this or dependent resource "
                    + "is in progress. To retrieve status of the operation use uri: " + servers.mainBaseUrl() + id);
        }
        return JsonBodies.ok(state.updateWorkspace(id, json -> {
            if (body.has("tags")) {
                json.set("tags", body.get("tags"));
            }
        }).orElse(existing));
    }

    Mono<ServerResponse> get(ServerRequest request, ArmCall call) {
        return JsonBodies.ok(view(find(call), call.apiVersion()));
    }

    /** The workspace as an api-version shows it: one that knows compute modes shows one. */
    private static ObjectNode view(ObjectNode workspace, String apiVersion) {
        if (ComputeModes.applies(apiVersion) && !workspace.path("properties").has("computeMode")) {
            workspace.with("properties").put("computeMode", ComputeModes.of(workspace));
        }
        return workspace;
    }

    Mono<ServerResponse> patch(ServerRequest request, ArmCall call) {
        return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> {
            ObjectNode workspace = find(call);
            return JsonBodies.ok(state.updateWorkspace(workspace.path("id").asText(), json -> {
                if (body.has("tags")) {
                    json.set("tags", body.get("tags"));
                }
                json.with("properties").with("updatedBy").put("applicationId", call.caller().clientId());
            }).orElse(workspace));
        });
    }

    Mono<ServerResponse> delete(ServerRequest request, ArmCall call) {
        state.requireResourceGroup(call.subscription(), call.group());
        request.queryParam("forceDeletion").filter(force -> !force.equalsIgnoreCase("true") && !force.equalsIgnoreCase("false"))
                .ifPresent(force -> {
                    throw EmulatorException.arm(400, "InvalidRequestContent", "The query parameter 'forceDeletion' must be "
                            + "true or false, not '" + force + "'.");
                });
        String id = idOf(call);
        Optional<ObjectNode> workspace = state.workspace(id);
        if (workspace.isEmpty()) {
            return ServerResponse.noContent().build();
        }
        String operationId = UUID.randomUUID().toString();
        state.putOperation(new Operation(operationId, "Deleting", clock.instant(), null, null));
        resources.provisioningState(id, "Deleting");
        String resourceId = workspace.get().path("id").asText();
        scheduler.after(Math.max(100, scheduler.duration().toMillis() / 2), () -> {
            workspaces.delete(resourceId);
            state.removeWorkspace(id);
            state.finishOperation(operationId, "Succeeded", clock.instant(), null);
        });
        String base = servers.mainBaseUrl() + resourceId;
        return ServerResponse.accepted()
                .header("Retry-After", "10")
                .header("Azure-AsyncOperation", base + "/operationStatus/" + operationId + "?api-version=" + call.apiVersion())
                .header(HttpHeaders.LOCATION, base + "/operationResults/" + operationId + "?api-version=" + call.apiVersion())
                .build();
    }

    Mono<ServerResponse> listInGroup(ServerRequest request, ArmCall call) {
        state.requireResourceGroup(call.subscription(), call.group());
        return list(ArmState.key("/subscriptions/" + call.subscription() + "/resourceGroups/" + call.group() + "/"), call.apiVersion());
    }

    Mono<ServerResponse> listInSubscription(ServerRequest request, ArmCall call) {
        return list(ArmState.key("/subscriptions/" + call.subscription() + "/"), call.apiVersion());
    }

    private Mono<ServerResponse> list(String keyPrefix, String apiVersion) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("value").addAll(state.workspaces(keyPrefix).stream().map(w -> view(w, apiVersion)).toList());
        return JsonBodies.ok(body);
    }

    private ObjectNode find(ArmCall call) {
        state.requireResourceGroup(call.subscription(), call.group());
        return state.workspace(idOf(call)).orElseThrow(() -> ArmErrors.notFound(ArmPaths.WORKSPACES, call.name(), call.group()));
    }

    private static String idOf(ArmCall call) {
        return "/subscriptions/" + call.subscription() + "/resourceGroups/" + call.group()
                + "/providers/Microsoft.Databricks/workspaces/" + call.name();
    }
}
