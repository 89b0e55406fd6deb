package dev.bricklayer.workspace.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceOnboarded;
import dev.bricklayer.common.events.workspace.WorkspaceProvisioningStarted;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;

/**
 * The onboarding saga of workspace-service: a request is validated, recorded, deployed through ARM (in the
 * background, so the consumer goes on), given its region's Unity Catalog metastore where its blueprint needs one
 * ({@link MetastoreAssignment}), and announced — {@code WorkspaceProvisioningStarted}, then {@code WorkspaceReady} with
 * the resolved desired state and the metastore, or {@code WorkspaceProvisioningFailed} with ARM's error or the metastore
 * step's — with the latest {@code WorkspaceState} on the compacted state topic at every step. The same request twice is
 * deployed once; a changed request re-applies. The deployment itself is followed by {@link Deployments}, on one
 * instance at a time (its lease); one whose instance stopped is taken up by another, never PUT again when its PUT may
 * have been accepted (the metastore step, which reads before it writes, runs again).
 */
public class WorkspaceOnboarding {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceOnboarding.class);

    private final WorkspaceRequestValidator validator;
    private final WorkspaceProvisioner provisioner;
    private final Deployments deployments;
    private final WorkspaceStore store;
    private final WorkspaceAnnouncements announce;
    private final ObjectMapper mapper;

    public WorkspaceOnboarding(WorkspaceRequestValidator validator, WorkspaceProvisioner provisioner, Deployments deployments,
                               WorkspaceStore store, WorkspaceAnnouncements announce, ObjectMapper mapper) {
        this.validator = validator;
        this.provisioner = provisioner;
        this.deployments = deployments;
        this.store = store;
        this.announce = announce;
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
        announce.event(name, new WorkspaceProvisioningStarted(name, request.requestId(), request.subscriptionId(), request.resourceGroup(),
                deployment.name(), Instant.now()));
        announce.state(name);
        if (!deployments.follow(name)) {
            log.info("Deployment {} of {} waits for the one followed now to end", deployment.name(), name);
        }
        return existing.isPresent() ? Decision.REAPPLIED : Decision.DEPLOYING;
    }

    /** What {@link #request} did. */
    public enum Decision { DEPLOYING, REAPPLIED, UNCHANGED }

    /**
     * Takes up every deployment under way that no instance follows (at start: those this instance or another left when
     * it stopped, once their lease expired); see {@link Deployments}.
     */
    public void resume() {
        deployments.resumeDue();
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
        announce.state(workspaceName);
        Background.run(provisioner.decommission(resourceId, workspaceName), outcome -> {
            if (outcome instanceof WorkspaceProvisioner.Failed failed) {
                store.failed(workspaceName, failed.code(), failed.message());
            } else {
                store.status(workspaceName, "DECOMMISSIONED");
                announce.event(workspaceName, new WorkspaceDecommissioned(workspaceName, resourceId, Instant.now()));
            }
            announce.state(workspaceName);
        }, error -> {
            log.error("Decommission of {} ended unexpectedly: {}", workspaceName, error.toString());
            store.failed(workspaceName, "InternalError", error.toString());
            announce.state(workspaceName);
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
            announce.event(workspaceName, new WorkspaceOnboarded(workspaceName, record.requestId(), record.workspaceUrl(), Instant.now()));
        }
        announce.state(workspaceName);
        return true;
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
