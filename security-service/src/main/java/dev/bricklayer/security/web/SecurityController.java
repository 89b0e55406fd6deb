package dev.bricklayer.security.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bricklayer.security.reconcile.PassOutcome;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.reconcile.WorkspacePasses;
import dev.bricklayer.security.state.SecuredWorkspace;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/security/workspaces}: every secured workspace with its last reconcile and drift check; the drift of
 * one, computed now with reads only; and an on-demand pass (a drift check and correction as the workspace's mode says,
 * or a new reconcile for one that did not end secured), answered with its outcome.
 */
@RestController
@RequestMapping("/api/v1/security/workspaces")
public class SecurityController {

    private final WorkspacePasses passes;

    public SecurityController(WorkspacePasses passes) {
        this.passes = passes;
    }

    @Operation(summary = "Every workspace security-service secures, with its last reconcile and its last drift check")
    @GetMapping
    public Mono<List<Map<String, Object>>> list() {
        return Mono.fromCallable(() -> passes.workspaces().stream().map(SecurityController::view).toList())
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "The workspace's drift now: desired against actual, read live (GETs only, nothing changed); 404 unknown")
    @GetMapping("/{name}/drift")
    public Mono<ResponseEntity<Map<String, Object>>> drift(@PathVariable String name) {
        return answer(name, passes::inspect, outcome -> {
            Map<String, Object> body = outcome(outcome);
            body.put("inSync", outcome.result() == Result.IN_SYNC);
            return body;
        });
    }

    @Operation(summary = "Run a pass now: drift checked and (in enforce mode) corrected, or a reconcile for a workspace "
            + "that did not end secured; answers its outcome")
    @PostMapping("/{name}/reconcile")
    public Mono<ResponseEntity<Map<String, Object>>> reconcile(@PathVariable String name) {
        return answer(name, passes::onDemand, SecurityController::outcome);
    }

    private Mono<ResponseEntity<Map<String, Object>>> answer(String name,
            Function<String, java.util.Optional<CompletableFuture<PassOutcome>>> pass,
            Function<PassOutcome, Map<String, Object>> body) {
        return Mono.fromCallable(() -> pass.apply(name))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(started -> started.isEmpty()
                        ? Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.<String, Object>of(
                                "error", "NOT_FOUND", "message", "security-service does not know workspace " + name)))
                        : Mono.fromFuture(started.get()).map(outcome -> ResponseEntity.status(status(outcome)).body(body.apply(outcome))));
    }

    /**
     * 200 for every pass that ran to its end; 409 for a refused desired state; 502 when the workspace failed the pass;
     * 503 when another instance held the workspace for longer than {@code lease-wait} (ask again).
     */
    private static HttpStatus status(PassOutcome outcome) {
        return switch (outcome.result()) {
            case REFUSED -> HttpStatus.CONFLICT;
            case FAILED -> HttpStatus.BAD_GATEWAY;
            case SKIPPED -> HttpStatus.NOT_FOUND;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.OK;
        };
    }

    private static Map<String, Object> outcome(PassOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspace", outcome.workspace());
        body.put("pass", outcome.pass());
        body.put("result", outcome.result());
        body.put("differences", outcome.differences());
        if (outcome.failure() != null) {
            body.put("failure", Map.of("step", outcome.failure().step(), "code", outcome.failure().code(),
                    "message", outcome.failure().message()));
        }
        body.put("at", outcome.at());
        return body;
    }

    private static Map<String, Object> view(SecuredWorkspace workspace) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", workspace.name());
        view.put("workspaceUrl", workspace.workspaceUrl());
        view.put("driftMode", workspace.desired().driftMode());
        view.put("ipAccessListsAuthoritative", workspace.desired().ipAccessListsAuthoritative());
        Map<String, Object> reconcile = new LinkedHashMap<>();
        reconcile.put("status", workspace.status());
        reconcile.put("at", workspace.reconciledAt());
        if (workspace.failureCode() != null) {
            reconcile.put("failure", Map.of("step", String.valueOf(workspace.failureStep()), "code", workspace.failureCode(),
                    "message", String.valueOf(workspace.failureMessage())));
        }
        view.put("lastReconcile", reconcile);
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("outcome", workspace.driftOutcome());
        drift.put("at", workspace.driftCheckedAt());
        drift.put("differences", workspace.drift());
        view.put("lastDrift", drift);
        view.put("receivedAt", workspace.receivedAt());
        return view;
    }
}
