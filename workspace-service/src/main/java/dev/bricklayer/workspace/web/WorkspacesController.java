package dev.bricklayer.workspace.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.EventReader;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.common.web.InvalidRequestException;
import dev.bricklayer.workspace.onboarding.WorkspaceOnboarding;
import dev.bricklayer.workspace.onboarding.WorkspacePlanner;
import dev.bricklayer.workspace.onboarding.WorkspaceRecord;
import dev.bricklayer.workspace.onboarding.WorkspaceStore;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/workspaces}: submit a request (checked, then published as {@code WorkspaceRequested} like any
 * producer's; 202 with the status URL), plan one ({@link WorkspacePlanner}: nothing deployed or assigned),
 * read a workspace's status with each step, list them, decommission one. A request body is checked exactly as the
 * requests topic checks it — one strict JSON value in UTF-8 without NUL characters, its JSON Schema, its record, the
 * request rules — and a refusal is a 400 problem detail whose {@code detail} names the workspace and gives the reason
 * the dead-letter topic would carry, and whose {@code errors} name every field and rule.
 */
@RestController
@RequestMapping("/api/v1/workspaces")
public class WorkspacesController {

    private static final String REQUESTED = EventTypes.of(WorkspaceRequested.class);

    private final EventReader reader;
    private final WorkspaceRequestValidator validator;
    private final EventPublisher events;
    private final WorkspaceStore store;
    private final WorkspaceOnboarding onboarding;
    private final WorkspacePlanner planner;

    public WorkspacesController(EventRouting routing, WorkspaceRequestValidator validator, EventPublisher events,
                                WorkspaceStore store, WorkspaceOnboarding onboarding, WorkspacePlanner planner) {
        this.reader = routing.reader();
        this.validator = validator;
        this.events = events;
        this.store = store;
        this.onboarding = onboarding;
        this.planner = planner;
    }

    @Operation(summary = "Request a workspace (or a change to one); 202 with the status URL", requestBody = @RequestBody(
            required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = WorkspaceRequested.class))))
    @PostMapping
    public Mono<ResponseEntity<Map<String, Object>>> submit(@org.springframework.web.bind.annotation.RequestBody byte[] body) {
        return Mono.fromCallable(() -> {
            WorkspaceRequested request = checked(body).request();
            events.publish(WorkspaceTopics.REQUESTS, request.workspaceName(), request).block();
            URI status = URI.create("/api/v1/workspaces/" + request.workspaceName());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("workspaceName", request.workspaceName());
            answer.put("requestId", request.requestId());
            answer.put("status", status.toString());
            return ResponseEntity.accepted().location(status).body(answer);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Check a request and show what it would do — desired state, identity scope, ARM deployment, metastore, "
            + "catalogs — deploying nothing", requestBody =
            @RequestBody(required = true, content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = WorkspaceRequested.class))))
    @PostMapping("/plan")
    public Mono<Map<String, Object>> plan(@org.springframework.web.bind.annotation.RequestBody byte[] body) {
        return Mono.fromCallable(() -> {
            Checked checked = checked(body);
            return planner.plan(checked.request(), checked.result());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "A workspace's status, with the state of each onboarding step")
    @GetMapping("/{name}")
    public Mono<ResponseEntity<Map<String, Object>>> status(@PathVariable String name) {
        return Mono.fromCallable(() -> store.find(name).map(WorkspacesController::view).map(ResponseEntity::ok)
                .orElseThrow(() -> noWorkspace(name)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Every workspace with its status")
    @GetMapping
    public Mono<List<Map<String, Object>>> list() {
        return Mono.fromCallable(() -> store.all().stream().map(WorkspacesController::view).toList())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Decommission a workspace: deleted through ARM; 202")
    @DeleteMapping("/{name}")
    public Mono<ResponseEntity<Map<String, Object>>> decommission(@PathVariable String name) {
        return Mono.fromCallable(() -> {
            if (!onboarding.decommission(name)) {
                throw noWorkspace(name);
            }
            return ResponseEntity.accepted().location(URI.create("/api/v1/workspaces/" + name))
                    .body(Map.<String, Object>of("workspaceName", name, "status", "DECOMMISSIONING"));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** A request that passed every check: the record, its blueprint and its resolved desired state. */
    private record Checked(WorkspaceRequested request, WorkspaceRequestValidator.Result result) {
    }

    /**
     * The checks of the requests topic, in its words ({@link EventReader}, then the request rules).
     *
     * @throws InvalidRequestException naming the workspace (when the body does) and every field and rule broken
     */
    private Checked checked(byte[] body) {
        JsonNode tree = null;
        try {
            tree = reader.tree(body);
            WorkspaceRequested request = reader.read(REQUESTED, tree, WorkspaceRequested.class);
            return new Checked(request, validator.require(request));
        } catch (UnprocessableEventException refused) {
            String name = EventReader.text(tree, "/workspaceName");
            throw new InvalidRequestException("Workspace request" + (name == null ? "" : " for " + name) + " refused: "
                    + refused.getMessage(), refused.errors());
        }
    }

    private static ResponseStatusException noWorkspace(String name) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No workspace " + name);
    }

    private static Map<String, Object> view(WorkspaceRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("workspaceName", record.workspaceName());
        view.put("status", record.status());
        view.put("requestId", record.requestId());
        view.put("blueprint", record.blueprint());
        view.put("deploymentName", record.deploymentName());
        view.put("resourceId", record.resourceId());
        view.put("workspaceId", record.workspaceId());
        view.put("workspaceUrl", record.workspaceUrl());
        if (record.errorCode() != null) {
            view.put("error", Map.of("code", record.errorCode(), "message", String.valueOf(record.errorMessage())));
        }
        Map<String, Object> steps = new LinkedHashMap<>();
        boolean deployed = record.workspaceId() != null;
        steps.put("deployment", step(switch (record.status()) {
            case "PROVISIONING" -> deployed ? "DONE" : "IN_PROGRESS";
            case "FAILED" -> deployed ? "DONE" : "FAILED: " + record.errorCode();
            default -> "DONE";
        }, record.deployedAt()));
        steps.put("metastore", step(record.metastore(), record.metastoreAt()));
        if (record.metastoreId() != null) {
            view.put("metastoreId", record.metastoreId());
        }
        steps.put("security", step(record.secured(), record.securedAt()));
        steps.put("identity", step(record.identity(), record.identityAt()));
        steps.put("tokens", step(record.tokens(), record.tokensAt()));
        view.put("steps", steps);
        view.put("createdAt", record.createdAt());
        view.put("updatedAt", record.updatedAt());
        return view;
    }

    private static Map<String, Object> step(String state, java.time.Instant at) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("state", state == null ? "PENDING" : state);
        if (at != null) {
            step.put("at", at);
        }
        return step;
    }
}
