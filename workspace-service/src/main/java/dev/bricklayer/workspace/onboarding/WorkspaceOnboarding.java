package dev.bricklayer.workspace.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceOnboarded;
import dev.bricklayer.common.events.workspace.WorkspaceProvisioningFailed;
import dev.bricklayer.common.events.workspace.WorkspaceProvisioningStarted;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The onboarding saga of workspace-service: a request is validated, recorded, deployed through ARM (in the
 * background, so the consumer goes on), given its region's Unity Catalog metastore where its blueprint needs one
 * ({@link MetastoreAssignment}), and announced — {@code WorkspaceProvisioningStarted}, then {@code WorkspaceReady} with
 * the resolved desired state and the metastore, or {@code WorkspaceProvisioningFailed} with ARM's error or the metastore
 * step's — with the latest {@link WorkspaceState} on the compacted state topic at every step. The same request twice is
 * deployed once; a changed request re-applies. Deployments that were under way when the service stopped are
 * resumed by {@link #resume()}, polling the recorded status URL, never PUT again (the metastore step, which reads
 * before it writes, runs again).
 */
public class WorkspaceOnboarding {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceOnboarding.class);

    private final WorkspaceRequestValidator validator;
    private final WorkspaceProvisioner provisioner;
    private final MetastoreAssignment metastores;
    private final WorkspaceStore store;
    private final EventPublisher events;
    private final ObjectMapper mapper;

    public WorkspaceOnboarding(WorkspaceRequestValidator validator, WorkspaceProvisioner provisioner, MetastoreAssignment metastores,
                               WorkspaceStore store, EventPublisher events, ObjectMapper mapper) {
        this.validator = validator;
        this.provisioner = provisioner;
        this.metastores = metastores;
        this.store = store;
        this.events = events;
        this.mapper = mapper;
    }

    /**
     * Takes a request: refused with its field errors, ignored when identical to the one in force, otherwise
     * recorded and deployed in the background. Completes once the request is recorded and announced.
     *
     * @throws UnprocessableEventException (reason {@code rules}) naming every field and rule the request breaks;
     *                                     nothing is recorded or deployed, and the caller announces the refusal
     */
    public Decision request(WorkspaceRequested request) {
        WorkspaceRequestValidator.Result result = validator.require(request);
        String name = request.workspaceName();
        WorkspaceDeployment deployment = WorkspaceDeployment.of(request, result.arm(), mapper);
        String hash = hash(deployment.name() + "|" + result.blueprint().reference() + "|" + json(result.desiredState()));
        var existing = store.find(name);
        if (existing.isPresent() && existing.get().requestHash().equals(hash) && existing.get().inProgressOrDone()) {
            log.info("Request {} for {} changes nothing ({}); not deployed again", request.requestId(), name, existing.get().status());
            return Decision.UNCHANGED;
        }
        store.startProvisioning(name, request.requestId(), json(request), hash, result.blueprint().reference(),
                json(result.desiredState()), result.arm().any() ? json(result.arm()) : null, deployment.name());
        publish(name, new WorkspaceProvisioningStarted(name, request.requestId(), request.subscriptionId(), request.resourceGroup(),
                deployment.name(), Instant.now()));
        publishState(name);
        deploy(request, result.desiredState(), deployment, null);
        return existing.isPresent() ? Decision.REAPPLIED : Decision.DEPLOYING;
    }

    /** What {@link #request} did. */
    public enum Decision { DEPLOYING, REAPPLIED, UNCHANGED }

    /** Resumes every deployment that was under way: polls its recorded status URL (or deploys when none was recorded). */
    public void resume() {
        for (WorkspaceRecord record : store.provisioning()) {
            try {
                WorkspaceRequested request = mapper.readValue(record.request(), WorkspaceRequested.class);
                DesiredState state = mapper.readValue(record.desiredState(), DesiredState.class);
                ArmOptions arm = record.armOptions() == null ? ArmOptions.NONE : mapper.readValue(record.armOptions(), ArmOptions.class);
                log.info("Resuming the deployment of {} ({})", record.workspaceName(), record.deploymentName());
                deploy(request, state, WorkspaceDeployment.of(request, arm, mapper), record.statusUrl());
            } catch (JsonProcessingException e) {
                store.failed(record.workspaceName(), "StoredRequestUnreadable", e.getOriginalMessage());
            }
        }
    }

    private void deploy(WorkspaceRequested request, DesiredState state, WorkspaceDeployment deployment, String knownStatusUrl) {
        String name = request.workspaceName();
        Mono<Provisioned> work = provisioner.provision(request, deployment, knownStatusUrl, url -> store.deploymentStarted(name, url))
                .publishOn(Schedulers.boundedElastic()) // the metastore step records its start durably: not on an event loop
                .flatMap(outcome -> outcome instanceof WorkspaceProvisioner.Ready ready
                        ? withMetastore(request, state, ready)
                        : Mono.just(new Provisioned(outcome, null)));
        inBackground(work, provisioned -> finish(request, state, deployment, provisioned), error -> {
            log.error("Deployment of {} ended unexpectedly: {}", name, error.toString());
            finish(request, state, deployment, new Provisioned(new WorkspaceProvisioner.Failed("InternalError", error.toString()), null));
        });
    }

    /** How a deployment ended, with the metastore step's outcome once the workspace exists ({@code null} when not needed). */
    private record Provisioned(WorkspaceProvisioner.Outcome deployment, MetastoreAssignment.Outcome metastore) {
    }

    /** The workspace exists: recorded, then its region's metastore made sure of, where the desired state needs one. */
    private Mono<Provisioned> withMetastore(WorkspaceRequested request, DesiredState state, WorkspaceProvisioner.Ready ready) {
        String name = request.workspaceName();
        store.deployed(name, ready.resourceId(), ready.workspaceId(), ready.workspaceUrl());
        if (!MetastoreAssignment.needed(state)) {
            return Mono.just(new Provisioned(ready, null));
        }
        store.metastore(name, "IN_PROGRESS", null);
        publishState(name);
        return metastores.ensure(name, ready.workspaceId(), request.region(), state.unityCatalog())
                .map(outcome -> new Provisioned(ready, outcome));
    }

    /**
     * Runs ARM and account work off the caller's thread, with the caller's correlation id, and hands its end to
     * {@code done} on a thread that may block (PostgreSQL, Kafka acknowledgements).
     */
    private <T> void inBackground(Mono<T> work, java.util.function.Consumer<T> done, java.util.function.Consumer<Throwable> failed) {
        String correlationId = Correlation.currentOrNew();
        work.contextWrite(context -> context.put(Correlation.MDC_KEY, correlationId))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.boundedElastic())
                .subscribe(outcome -> Correlation.run(correlationId, () -> done.accept(outcome)),
                        error -> Correlation.run(correlationId, () -> failed.accept(error)));
    }

    private void finish(WorkspaceRequested request, DesiredState state, WorkspaceDeployment deployment, Provisioned provisioned) {
        String name = request.workspaceName();
        if (provisioned.metastore() instanceof MetastoreAssignment.Failed failed) {
            store.metastore(name, "FAILED: " + failed.code(), null);
            fail(request, deployment, failed.code(), failed.message());
        } else if (provisioned.deployment() instanceof WorkspaceProvisioner.Ready ready) {
            String metastoreId = provisioned.metastore() instanceof MetastoreAssignment.Assigned assigned ? assigned.metastoreId() : null;
            store.metastore(name, metastoreId != null ? "DONE" : "NOT_NEEDED", metastoreId);
            store.ready(name);
            publish(name, new WorkspaceReady(name, request.requestId(), ready.resourceId(), ready.workspaceId(), ready.workspaceUrl(),
                    request.pricingTier(), state, Instant.now(), metastoreId));
        } else if (provisioned.deployment() instanceof WorkspaceProvisioner.Failed failed) {
            fail(request, deployment, failed.code(), failed.message());
        }
        publishState(name);
    }

    private void fail(WorkspaceRequested request, WorkspaceDeployment deployment, String code, String message) {
        store.failed(request.workspaceName(), code, message);
        publish(request.workspaceName(), new WorkspaceProvisioningFailed(request.workspaceName(), request.requestId(), deployment.name(),
                code, message, Instant.now()));
    }

    /**
     * Deletes the workspace through ARM, in the background, then announces {@code WorkspaceDecommissioned}.
     *
     * @return false when the workspace is unknown
     */
    public boolean decommission(String workspaceName) {
        var record = store.find(workspaceName);
        if (record.isEmpty()) {
            return false;
        }
        String resourceId = record.get().resourceId() != null ? record.get().resourceId()
                : "/subscriptions/" + readRequest(record.get()).subscriptionId() + "/resourceGroups/"
                + readRequest(record.get()).resourceGroup() + "/providers/Microsoft.Databricks/workspaces/" + workspaceName;
        store.status(workspaceName, "DECOMMISSIONING");
        publishState(workspaceName);
        inBackground(provisioner.decommission(resourceId, workspaceName), outcome -> {
            if (outcome instanceof WorkspaceProvisioner.Failed failed) {
                store.failed(workspaceName, failed.code(), failed.message());
            } else {
                store.status(workspaceName, "DECOMMISSIONED");
                publish(workspaceName, new WorkspaceDecommissioned(workspaceName, resourceId, Instant.now()));
            }
            publishState(workspaceName);
        }, error -> {
            log.error("Decommission of {} ended unexpectedly: {}", workspaceName, error.toString());
            store.failed(workspaceName, "InternalError", error.toString());
            publishState(workspaceName);
        });
        return true;
    }

    private WorkspaceRequested readRequest(WorkspaceRecord record) {
        try {
            return mapper.readValue(record.request(), WorkspaceRequested.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A completion step reported by another service; announces {@code WorkspaceOnboarded} when the last one arrives.
     *
     * @return false when the workspace is unknown
     */
    public boolean step(String workspaceName, String step, String outcome) {
        if (store.find(workspaceName).isEmpty()) {
            return false;
        }
        store.step(workspaceName, step, outcome);
        if (store.onboardedIfComplete(workspaceName)) {
            WorkspaceRecord record = store.find(workspaceName).orElseThrow();
            publish(workspaceName, new WorkspaceOnboarded(workspaceName, record.requestId(), record.workspaceUrl(), Instant.now()));
        }
        publishState(workspaceName);
        return true;
    }

    private void publishState(String name) {
        store.find(name).ifPresent(record -> {
            WorkspaceRequested request;
            try {
                request = mapper.readValue(record.request(), WorkspaceRequested.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            WorkspaceState state = new WorkspaceState(name, WorkspaceState.Status.valueOf(record.status()), record.resourceId(),
                    record.workspaceId(), record.workspaceUrl(), request.region(), request.pricingTier().name().toLowerCase(),
                    request.tags() == null ? Map.of() : request.tags(), record.blueprint(), Instant.now());
            events.publish(WorkspaceTopics.STATE, name, state).block();
        });
    }

    private void publish(String key, Object event) {
        events.publish(WorkspaceTopics.EVENTS, key, event).block();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
