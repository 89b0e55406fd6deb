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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.common.schema.ValidationResult;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.onboarding.WorkspaceOnboarding;
import dev.bricklayer.workspace.onboarding.WorkspaceRecord;
import dev.bricklayer.workspace.onboarding.WorkspaceStore;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/workspaces}: submit a request (checked, then published as {@code WorkspaceRequested} like any
 * producer's; 202 with the status URL), plan one (the resolved desired state and ARM template, nothing deployed),
 * read a workspace's status with each step, list them, decommission one.
 */
@RestController
@RequestMapping("/api/v1/workspaces")
public class WorkspacesController {

    private final EventSchemaValidator schemas;
    private final WorkspaceRequestValidator validator;
    private final EventPublisher events;
    private final WorkspaceStore store;
    private final WorkspaceOnboarding onboarding;
    private final ObjectMapper mapper;

    public WorkspacesController(EventSchemaValidator schemas, WorkspaceRequestValidator validator, EventPublisher events,
                                WorkspaceStore store, WorkspaceOnboarding onboarding, ObjectMapper mapper) {
        this.schemas = schemas;
        this.validator = validator;
        this.events = events;
        this.store = store;
        this.onboarding = onboarding;
        this.mapper = mapper;
    }

    @Operation(summary = "Request a workspace (or a change to one); 202 with the status URL")
    @PostMapping
    public Mono<ResponseEntity<Map<String, Object>>> submit(@RequestBody JsonNode body) {
        return Mono.fromCallable(() -> {
            WorkspaceRequested request = checked(body);
            events.publish(WorkspaceTopics.REQUESTS, request.workspaceName(), request).block();
            URI status = URI.create("/api/v1/workspaces/" + request.workspaceName());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("workspaceName", request.workspaceName());
            answer.put("requestId", request.requestId());
            answer.put("status", status.toString());
            return ResponseEntity.accepted().location(status).body(answer);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Check a request and show the resolved desired state and ARM template, deploying nothing")
    @PostMapping("/plan")
    public Mono<Map<String, Object>> plan(@RequestBody JsonNode body) {
        return Mono.fromCallable(() -> {
            WorkspaceRequested request = checked(body);
            WorkspaceRequestValidator.Result result = validator.validate(request);
            WorkspaceDeployment deployment = WorkspaceDeployment.of(request, mapper);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("blueprint", result.blueprint().reference());
            answer.put("desiredState", result.desiredState());
            answer.put("deploymentName", deployment.name());
            answer.put("armTemplate", deployment.body().get("properties").get("template"));
            answer.put("armParameters", deployment.body().get("properties").get("parameters"));
            return answer;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "A workspace's status, with the state of each onboarding step")
    @GetMapping("/{name}")
    public Mono<ResponseEntity<Map<String, Object>>> status(@PathVariable String name) {
        return Mono.fromCallable(() -> store.find(name).map(WorkspacesController::view).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no workspace " + name))))
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
        return Mono.fromCallable(() -> onboarding.decommission(name)
                        ? ResponseEntity.accepted().location(URI.create("/api/v1/workspaces/" + name))
                                .body(Map.<String, Object>of("workspaceName", name, "status", "DECOMMISSIONING"))
                        : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.<String, Object>of("error", "no workspace " + name)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Schema, then the request rules; a bad request is a 400 listing every field error. */
    private WorkspaceRequested checked(JsonNode body) {
        ValidationResult schema = schemas.validate("WorkspaceRequested", body);
        if (!schema.isValid()) {
            throw new BadRequestException(schema.errors());
        }
        WorkspaceRequested request = mapper.convertValue(body, WorkspaceRequested.class);
        WorkspaceRequestValidator.Result result = validator.validate(request);
        if (!result.valid()) {
            throw new BadRequestException(result.errors());
        }
        return request;
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
        steps.put("deployment", step(switch (record.status()) {
            case "PROVISIONING" -> "IN_PROGRESS";
            case "FAILED" -> record.workspaceId() == null ? "FAILED: " + record.errorCode() : "DONE";
            default -> "DONE";
        }, record.deployedAt()));
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

    /** A request that breaks its schema or rules. */
    static final class BadRequestException extends RuntimeException {
        final List<FieldError> errors;

        BadRequestException(List<FieldError> errors) {
            super("invalid request");
            this.errors = errors;
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequestException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "invalid workspace request", "errors", e.errors));
    }
}
