package dev.bricklayer.emulator.account;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.AccountApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * Metastores and their assignment on the account host (reference §7.4): {@code POST|GET …/metastores},
 * {@code GET|PUT|DELETE …/metastores/{metastore_id}} (bodies wrapped in {@code metastore_info}),
 * {@code GET …/metastores/{metastore_id}/workspaces}, {@code POST|PUT|DELETE …/workspaces/{workspace_id}/metastores/{metastore_id}}
 * (bodies wrapped in {@code metastore_assignment}, answer {@code {}}; an empty {@code default_catalog_name} is
 * accepted) and {@code GET …/workspaces/{workspace_id}/metastore} (wrapped; 404 when the workspace has none); the rules
 * of an assignment are {@link Federation#assignMetastore}'s.
 */
@Component
public class AccountMetastoresApi implements AccountApi {

    private static final String ACCOUNT = "/api/2.0/accounts/{account_id}";

    private final Federation federation;
    private final JsonBodies bodies;

    AccountMetastoresApi(Federation federation, JsonBodies bodies) {
        this.federation = federation;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(ACCOUNT + "/metastores", this::create)
                .GET(ACCOUNT + "/metastores", request -> JsonBodies.ok(Map.of("metastores", metastores(request).all())))
                .GET(ACCOUNT + "/metastores/{metastore_id}", request -> JsonBodies.ok(Map.of("metastore_info",
                        metastores(request).require(request.pathVariable("metastore_id")))))
                .PUT(ACCOUNT + "/metastores/{metastore_id}", this::update)
                .DELETE(ACCOUNT + "/metastores/{metastore_id}", request -> {
                    metastores(request).delete(request.pathVariable("metastore_id"));
                    return JsonBodies.ok(Map.of());
                })
                .GET(ACCOUNT + "/metastores/{metastore_id}/workspaces", request -> JsonBodies.ok(Map.of("workspace_ids",
                        metastores(request).workspacesOf(metastores(request).require(request.pathVariable("metastore_id"))
                                .get("metastore_id").asText()))))
                .POST(ACCOUNT + "/workspaces/{workspace_id}/metastores/{metastore_id}", this::assign)
                .PUT(ACCOUNT + "/workspaces/{workspace_id}/metastores/{metastore_id}", this::updateAssignment)
                .DELETE(ACCOUNT + "/workspaces/{workspace_id}/metastores/{metastore_id}", request -> {
                    EmulatedWorkspace workspace = workspace(request);
                    Metastores.Assignment assignment = metastores(request).requireAssignment(Federation.idOf(workspace));
                    if (!assignment.metastoreId().equals(request.pathVariable("metastore_id"))) {
                        throw EmulatorException.databricks(404, "METASTORE_DOES_NOT_EXIST", "Workspace "
                                + workspace.workspaceId() + " is not assigned metastore " + request.pathVariable("metastore_id") + ".");
                    }
                    metastores(request).unassign(Federation.idOf(workspace));
                    return JsonBodies.ok(Map.of());
                })
                .GET(ACCOUNT + "/workspaces/{workspace_id}/metastore", request -> {
                    Metastores.Assignment assignment = metastores(request).requireAssignment(Federation.idOf(workspace(request)));
                    return JsonBodies.ok(Map.of("metastore_assignment", wire(assignment)));
                })
                .build();
    }

    /** An assignment on the wire: {@code workspace_id}, {@code metastore_id}, {@code default_catalog_name}. */
    public static Map<String, Object> wire(Metastores.Assignment assignment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspace_id", assignment.workspaceId());
        body.put("metastore_id", assignment.metastoreId());
        body.put("default_catalog_name", assignment.defaultCatalogName());
        return body;
    }

    private Mono<ServerResponse> create(ServerRequest request) {
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            JsonNode info = body.path("metastore_info");
            String region = info.path("region").asText("");
            if (region.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Metastore region must be specified.");
            }
            ObjectNode created = metastores(request).create(info.path("name").asText(null), region,
                    info.path("storage_root").asText(null), null, AccountCall.of(request).applicationId(), federation.now());
            return JsonBodies.ok(Map.of("metastore_info", created));
        });
    }

    private Mono<ServerResponse> update(ServerRequest request) {
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            JsonNode info = body.path("metastore_info");
            ObjectNode changes = info.isObject() ? (ObjectNode) info : body;
            return JsonBodies.ok(Map.of("metastore_info", metastores(request).update(request.pathVariable("metastore_id"),
                    changes, AccountCall.of(request).applicationId(), federation.now())));
        });
    }

    private Mono<ServerResponse> assign(ServerRequest request) {
        EmulatedWorkspace workspace = workspace(request);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            JsonNode assignment = body.path("metastore_assignment");
            federation.assignMetastore(AccountCall.of(request).account(), workspace,
                    assignment.path("metastore_id").asText(request.pathVariable("metastore_id")),
                    assignment.path("default_catalog_name").asText(""));
            return JsonBodies.ok(Map.of());
        });
    }

    private Mono<ServerResponse> updateAssignment(ServerRequest request) {
        EmulatedWorkspace workspace = workspace(request);
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            JsonNode assignment = body.path("metastore_assignment");
            metastores(request).updateAssignment(Federation.idOf(workspace), assignment.path("metastore_id").asText(null),
                    assignment.hasNonNull("default_catalog_name") ? assignment.get("default_catalog_name").asText() : null);
            return JsonBodies.ok(Map.of());
        });
    }

    private static Metastores metastores(ServerRequest request) {
        return Federation.metastores(AccountCall.of(request).account());
    }

    private EmulatedWorkspace workspace(ServerRequest request) {
        return federation.workspace(AccountCall.of(request).account(), request.pathVariable("workspace_id"));
    }
}
