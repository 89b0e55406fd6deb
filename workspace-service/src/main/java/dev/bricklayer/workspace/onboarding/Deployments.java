package dev.bricklayer.workspace.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.WorkspaceProvisioningFailed;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.Leases.Lease;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.arm.WorkspaceDeployment;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The deployments under way, shared by every instance of the service: a workspace's deployment is followed — PUT,
 * polled to its end, given its metastore, announced — only by the instance holding the lease {@code deploy:<workspace>}
 * (common's {@link Leases}, for {@code lease-duration}, kept while it lasts). A request whose workspace is followed
 * already (an older deployment of it, here or on another instance) waits for that lease. Every
 * {@code resume-interval}, and at start, {@link #resumeDue} takes each deployment no instance follows: those that
 * waited, and those of an instance that stopped once its lease expired. What was recorded decides how a deployment is
 * taken up: its status URL is polled; a PUT sent without a status URL recorded may have been accepted, so ARM's
 * deployment is read first ({@link WorkspaceProvisioner#adopt}); a PUT never sent is sent. Each step is recorded only
 * while the workspace's row still describes that deployment, so {@code WorkspaceReady} or
 * {@code WorkspaceProvisioningFailed} goes out once, whichever instances saw the deployment end.
 */
public class Deployments {

    private static final Logger log = LoggerFactory.getLogger(Deployments.class);
    static final String LEASE_PREFIX = "deploy:";

    private final WorkspaceProvisioner provisioner;
    private final MetastoreAssignment metastores;
    private final WorkspaceStore store;
    private final WorkspaceAnnouncements announce;
    private final ObjectMapper mapper;
    private final Leases leases;
    private final Duration leaseDuration;
    private final Set<String> following = ConcurrentHashMap.newKeySet();

    public Deployments(WorkspaceProvisioner provisioner, MetastoreAssignment metastores, WorkspaceStore store,
                       WorkspaceAnnouncements announce, ObjectMapper mapper, Leases leases, Duration leaseDuration) {
        this.provisioner = provisioner;
        this.metastores = metastores;
        this.store = store;
        this.announce = announce;
        this.mapper = mapper;
        this.leases = leases;
        this.leaseDuration = leaseDuration;
    }

    /** Takes every deployment under way that no instance follows; a look-up that fails is logged, the next one comes. */
    @Scheduled(initialDelayString = "${bricklayer.workspace.resume-interval:30s}",
            fixedDelayString = "${bricklayer.workspace.resume-interval:30s}")
    public void resumeDue() {
        try {
            store.provisioning().forEach(this::follow);
        } catch (RuntimeException e) {
            log.warn("Looking for deployments to resume failed: {}", e.toString());
        }
    }

    /**
     * Follows the workspace's deployment in the background when its lease is free; false when it is followed already
     * (here or elsewhere) or not under way.
     */
    public boolean follow(String workspace) {
        if (!following.add(workspace)) {
            return false; // followed here: a newer request is taken when that deployment ends
        }
        boolean started = false;
        Optional<Lease> lease = Optional.empty();
        try {
            lease = leases.acquire(LEASE_PREFIX + workspace, leaseDuration);
            if (lease.isEmpty()) {
                log.debug("The deployment of {} is followed by another instance", workspace);
            }
            started = lease.isPresent() && start(workspace, lease.get());
            return started;
        } finally {
            if (!started) {
                lease.ifPresent(Lease::close);
                following.remove(workspace);
            }
        }
    }

    /** Deployments this instance follows now (for tests and metrics). */
    public int followed() {
        return following.size();
    }

    /** Under the lease: the deployment as recorded now, by whichever instance recorded it last. */
    private boolean start(String name, Lease lease) {
        Optional<WorkspaceRecord> found = store.find(name);
        if (found.isEmpty() || !"PROVISIONING".equals(found.get().status())) {
            return false;
        }
        WorkspaceRecord record = found.get();
        WorkspaceRequested request;
        DesiredState state;
        WorkspaceDeployment deployment;
        try {
            request = mapper.readValue(record.request(), WorkspaceRequested.class);
            state = mapper.readValue(record.desiredState(), DesiredState.class);
            ArmOptions arm = record.armOptions() == null ? ArmOptions.NONE : mapper.readValue(record.armOptions(), ArmOptions.class);
            deployment = WorkspaceDeployment.of(request, arm, mapper);
        } catch (JsonProcessingException e) {
            store.deploymentFailed(name, record.deploymentName(), "StoredRequestUnreadable", e.getOriginalMessage());
            return false;
        }
        log.info("Following the deployment of {} ({}; {})", name, deployment.name(), record.statusUrl() != null ? "status URL recorded"
                : record.putSentAt() != null ? "PUT sent, status URL not recorded" : "not PUT yet");
        Runnable putting = () -> store.putSent(name, deployment.name());
        Consumer<String> started = url -> store.deploymentStarted(name, deployment.name(), url);
        Mono<WorkspaceProvisioner.Outcome> outcome = record.statusUrl() == null && record.putSentAt() != null
                ? provisioner.adopt(request, deployment, record.putSentAt(), putting, started)
                : provisioner.provision(request, deployment, record.statusUrl(), putting, started);
        Mono<Provisioned> work = outcome
                .publishOn(Schedulers.boundedElastic()) // the metastore step records its start durably: not on an event loop
                .flatMap(end -> end instanceof WorkspaceProvisioner.Ready ready
                        ? withMetastore(request, state, deployment, ready)
                        : Mono.just(new Provisioned(end, null)));
        Background.run(work, provisioned -> {
            try {
                finish(request, state, deployment, provisioned);
            } finally {
                release(name, lease, deployment.name());
            }
        }, error -> {
            try {
                log.error("Deployment of {} ended unexpectedly: {}", name, error.toString());
                finish(request, state, deployment, new Provisioned(new WorkspaceProvisioner.Failed("InternalError", error.toString()), null));
            } finally {
                release(name, lease, deployment.name());
            }
        });
        return true;
    }

    /** How a deployment ended, with the metastore step's outcome once the workspace exists ({@code null} when not needed). */
    private record Provisioned(WorkspaceProvisioner.Outcome deployment, MetastoreAssignment.Outcome metastore) {
    }

    /** The workspace exists: recorded, then its region's metastore made sure of, where the desired state needs one. */
    private Mono<Provisioned> withMetastore(WorkspaceRequested request, DesiredState state, WorkspaceDeployment deployment,
                                            WorkspaceProvisioner.Ready ready) {
        String name = request.workspaceName();
        store.deployed(name, deployment.name(), ready.resourceId(), ready.workspaceId(), ready.workspaceUrl());
        if (!MetastoreAssignment.needed(state)) {
            return Mono.just(new Provisioned(ready, null));
        }
        store.metastore(name, deployment.name(), "IN_PROGRESS", null);
        announce.state(name);
        return metastores.ensure(name, ready.workspaceId(), request.region(), state.unityCatalog())
                .map(outcome -> new Provisioned(ready, outcome));
    }

    private void finish(WorkspaceRequested request, DesiredState state, WorkspaceDeployment deployment, Provisioned provisioned) {
        String name = request.workspaceName();
        if (provisioned.metastore() instanceof MetastoreAssignment.Failed failed) {
            store.metastore(name, deployment.name(), "FAILED: " + failed.code(), null);
            fail(request, deployment, failed.code(), failed.message());
        } else if (provisioned.deployment() instanceof WorkspaceProvisioner.Ready ready) {
            String metastoreId = provisioned.metastore() instanceof MetastoreAssignment.Assigned assigned ? assigned.metastoreId() : null;
            store.metastore(name, deployment.name(), metastoreId != null ? "DONE" : "NOT_NEEDED", metastoreId);
            if (store.ready(name, deployment.name())) {
                announce.event(name, new WorkspaceReady(name, request.requestId(), ready.resourceId(), ready.workspaceId(),
                        ready.workspaceUrl(), request.pricingTier(), state, Instant.now(), metastoreId));
            } else {
                log.info("Deployment {} of {} ended, but it was superseded or announced already", deployment.name(), name);
            }
        } else if (provisioned.deployment() instanceof WorkspaceProvisioner.Failed failed) {
            fail(request, deployment, failed.code(), failed.message());
        }
        announce.state(name);
    }

    private void fail(WorkspaceRequested request, WorkspaceDeployment deployment, String code, String message) {
        String name = request.workspaceName();
        if (store.deploymentFailed(name, deployment.name(), code, message)) {
            announce.event(name, new WorkspaceProvisioningFailed(name, request.requestId(), deployment.name(), code, message, Instant.now()));
        } else {
            log.info("Deployment {} of {} failed ({}), but it was superseded or announced already", deployment.name(), name, code);
        }
    }

    /** The lease goes back; a newer request that waited for it while this deployment ran is followed at once. */
    private void release(String name, Lease lease, String followed) {
        lease.close();
        following.remove(name);
        try {
            store.find(name).filter(record -> "PROVISIONING".equals(record.status()) && !record.deploymentName().equals(followed))
                    .ifPresent(newer -> follow(name));
        } catch (RuntimeException e) {
            log.warn("The deployment of {} after {} is left to the next resume: {}", name, followed, e.toString());
        }
    }
}
