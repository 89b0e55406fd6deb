package dev.bricklayer.token.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.token.TokenPolicyFailed;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.token.sweep.SweepService;
import dev.bricklayer.token.sweep.SweepStore;
import dev.bricklayer.token.workspace.ManagedWorkspace;
import dev.bricklayer.token.workspace.WorkspaceStore;

/**
 * Applies a ready workspace's token policy: {@code enableTokensConfig} and {@code maxTokenLifetimeDays} (read,
 * then write only what differs), then who may use tokens ({@link TokenPermissionsReconciler}); announces
 * {@link TokenPolicyApplied} or {@link TokenPolicyFailed} and sweeps the workspace right after. The policy is
 * recorded before anything is called, with a version; an older WorkspaceReady than the one recorded changes nothing.
 * The work runs in the workspace's lane (common's {@link WorkspaceLanes}: waiting for principals may take minutes)
 * and, across instances, under the workspace's lease {@code policy:<workspace>} (common's {@link Leases}, for
 * {@code policy-lease-duration}, kept while it runs), always on the newest policy recorded: a policy recorded while
 * another instance writes an older one waits for the lease and is written after it, and the older one's end is not
 * recorded over it. Every {@code policy-poll-interval} (and at start) pending policies are looked for and applied under
 * their leases: those that waited, and those of an instance that stopped, once its lease expired.
 */
public class TokenPolicyApplier {

    private static final Logger log = LoggerFactory.getLogger(TokenPolicyApplier.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    static final String LEASE_PREFIX = "policy:";

    private final WorkspaceStore workspaces;
    private final WorkspaceConfClient conf;
    private final TokenPermissionsReconciler permissions;
    private final SweepService sweeps;
    private final EventPublisher events;
    private final WorkspaceLanes lanes;
    private final Leases leases;
    private final Duration leaseDuration;
    private final Clock clock;
    private volatile boolean stopping;

    public TokenPolicyApplier(WorkspaceStore workspaces, WorkspaceConfClient conf, TokenPermissionsReconciler permissions,
                              SweepService sweeps, EventPublisher events, WorkspaceLanes lanes, Leases leases, Duration leaseDuration,
                              Clock clock) {
        this.workspaces = workspaces;
        this.conf = conf;
        this.permissions = permissions;
        this.sweeps = sweeps;
        this.events = events;
        this.lanes = lanes;
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
    }

    /** Records a ready workspace; a new or changed policy is applied in the background. */
    public WorkspaceStore.Change onReady(WorkspaceReady ready) {
        TokenPolicy policy = ready.desiredState().tokenPolicy();
        WorkspaceStore.Change change = workspaces.record(ready.workspaceName(), ready.workspaceUrl(), ready.resourceId(), policy,
                ready.occurredAt());
        if (change == WorkspaceStore.Change.STALE) {
            log.info("Workspace {} ready as of {}: a newer WorkspaceReady was recorded already, nothing to do", ready.workspaceName(),
                    ready.occurredAt());
        } else if (change == WorkspaceStore.Change.UNCHANGED) {
            log.info("Workspace {} ready again with the token policy already applied: nothing to do", ready.workspaceName());
        } else if (policy == null) {
            log.info("Workspace {} has no token policy: its tokens are left as they are", ready.workspaceName());
        } else {
            submit(ready.workspaceName());
        }
        return change;
    }

    /** Forgets a decommissioned workspace. */
    public boolean onDecommissioned(String name) {
        lanes.forget(name);
        return workspaces.forget(name);
    }

    /**
     * Applies every policy left pending — at start, and every {@code policy-poll-interval}: those not applied when an
     * instance stopped, and those recorded while another instance held the workspace. A look-up that fails is logged.
     */
    @Scheduled(initialDelayString = "${bricklayer.token.policy-poll-interval:5s}",
            fixedDelayString = "${bricklayer.token.policy-poll-interval:5s}")
    public void resumePending() {
        try {
            for (ManagedWorkspace workspace : workspaces.pendingPolicies()) {
                log.debug("Token policy of {} not applied yet: applying it", workspace.name());
                submit(workspace.name());
            }
        } catch (RuntimeException e) {
            log.warn("Looking for token policies to apply failed: {}", e.toString());
        }
    }

    /** Applies the workspace's recorded policy in its lane (a wake: asked again while one waits, it runs once). */
    private void submit(String name) {
        lanes.wake(name, Duration.ZERO, () -> CallPriority.ONBOARDING.run(() -> apply(name)));
    }

    /**
     * Applies the newest recorded policy of a workspace now, on the calling thread (its lane's), under its lease; when
     * another instance holds the lease the policy stays pending, for {@link #resumePending}.
     */
    void apply(String name) {
        Optional<Leases.Lease> lease = leases.acquire(LEASE_PREFIX + name, leaseDuration);
        if (lease.isEmpty()) {
            log.info("Token policy of {} is being written by another instance: applied after it", name);
            return;
        }
        try (Leases.Lease held = lease.get()) {
            applyRecorded(name);
        }
    }

    private void applyRecorded(String name) {
        Optional<ManagedWorkspace> found = workspaces.find(name);
        if (found.isEmpty() || found.get().policyStatus() != ManagedWorkspace.PolicyStatus.PENDING) {
            return;
        }
        ManagedWorkspace workspace = found.get();
        TokenPolicy policy = workspace.tokenPolicy();
        try {
            applySettings(workspace.target(), policy);
            permissions.reconcile(workspace.target(), policy);
        } catch (PolicyStepException e) {
            fail(workspace, e.step(), e.errorCode(), e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("Applying the token policy of {} interrupted; it is applied at the next start", name);
            return;
        } catch (RuntimeException e) {
            if (stopping) {
                log.info("Applying the token policy of {} cut off by the shutdown; it is applied at the next start", name);
                return;
            }
            fail(workspace, "token-permissions", e instanceof ApiException api ? api.errorCode() : e.getClass().getSimpleName(),
                    e.getMessage());
            return;
        }
        if (!workspaces.policyApplied(name, workspace.policyVersion())) {
            log.info("Token policy of {} applied, but a newer one was recorded meanwhile: that one is applied next", name);
            return;
        }
        events.publish(TokenTopics.EVENTS, name, new TokenPolicyApplied(name, policy.maxLifetimeDays(), policy.canUseGroups(),
                policy.canUseServicePrincipals(), clock.instant())).block(CALL_TIMEOUT);
        log.info("Token policy of {} applied: {} days at most, CAN_USE for groups {} and service principals {}", name,
                policy.maxLifetimeDays(), policy.canUseGroups(), policy.canUseServicePrincipals());
        sweeps.start(SweepStore.Trigger.POLICY_APPLIED, "policy-applied", name);
    }

    /** workspace-conf: tokens on, then the maximum lifetime; each written only when it differs. */
    void applySettings(WorkspaceTarget target, TokenPolicy policy) {
        Map<String, String> current;
        try {
            current = conf.get(target, List.of(WorkspaceConfClient.ENABLE_TOKENS, WorkspaceConfClient.MAX_TOKEN_LIFETIME_DAYS))
                    .block(CALL_TIMEOUT);
        } catch (ApiException e) {
            throw new PolicyStepException("enable-tokens", e.errorCode(), e.getMessage(), e);
        }
        write(target, current, WorkspaceConfClient.ENABLE_TOKENS, "true", "enable-tokens");
        write(target, current, WorkspaceConfClient.MAX_TOKEN_LIFETIME_DAYS, String.valueOf(policy.maxLifetimeDays()), "max-lifetime");
    }

    private void write(WorkspaceTarget target, Map<String, String> current, String key, String value, String step) {
        if (value.equals(current.get(key))) {
            return;
        }
        try {
            conf.patch(target, Map.of(key, value)).block(CALL_TIMEOUT);
            log.info("{} of {}: {} -> {}", key, target.name(), current.get(key), value);
        } catch (ApiException e) {
            throw new PolicyStepException(step, e.errorCode(), e.getMessage(), e);
        }
    }

    private void fail(ManagedWorkspace workspace, String step, String errorCode, String message) {
        log.warn("Token policy of {} failed at {}: {} {}", workspace.name(), step, errorCode, message);
        if (!workspaces.policyFailed(workspace.name(), workspace.policyVersion(), step + ": " + message)) {
            log.info("A newer token policy of {} was recorded meanwhile: that one is applied next", workspace.name());
            return;
        }
        events.publish(TokenTopics.EVENTS, workspace.name(), new TokenPolicyFailed(workspace.name(), step, errorCode, message,
                clock.instant())).block(CALL_TIMEOUT);
    }

    /** At stop: a policy cut off now is not a failure; it stays pending and is applied at the next start. */
    @EventListener(ContextClosedEvent.class)
    public void stop() {
        stopping = true;
    }
}
