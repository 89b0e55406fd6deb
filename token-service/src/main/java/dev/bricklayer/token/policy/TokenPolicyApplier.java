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

import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.token.TokenPolicyFailed;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.messaging.EventPublisher;
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
 * recorded before anything is called, so one not applied when the service stopped is applied at its next start.
 * The work runs in the workspace's lane (common's {@link WorkspaceLanes}: waiting for principals may take minutes,
 * and one workspace's policies are applied one at a time, in order).
 */
public class TokenPolicyApplier {

    private static final Logger log = LoggerFactory.getLogger(TokenPolicyApplier.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    private final WorkspaceStore workspaces;
    private final WorkspaceConfClient conf;
    private final TokenPermissionsReconciler permissions;
    private final SweepService sweeps;
    private final EventPublisher events;
    private final WorkspaceLanes lanes;
    private final Clock clock;
    private volatile boolean stopping;

    public TokenPolicyApplier(WorkspaceStore workspaces, WorkspaceConfClient conf, TokenPermissionsReconciler permissions,
                              SweepService sweeps, EventPublisher events, WorkspaceLanes lanes, Clock clock) {
        this.workspaces = workspaces;
        this.conf = conf;
        this.permissions = permissions;
        this.sweeps = sweeps;
        this.events = events;
        this.lanes = lanes;
        this.clock = clock;
    }

    /** Records a ready workspace; a new or changed policy is applied in the background. */
    public WorkspaceStore.Change onReady(WorkspaceReady ready) {
        TokenPolicy policy = ready.desiredState().tokenPolicy();
        WorkspaceStore.Change change = workspaces.record(ready.workspaceName(), ready.workspaceUrl(), ready.resourceId(), policy);
        if (change == WorkspaceStore.Change.UNCHANGED) {
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

    /** Applies every policy left pending (at start: those not applied when the service stopped). */
    public void resumePending() {
        for (ManagedWorkspace workspace : workspaces.pendingPolicies()) {
            log.info("Token policy of {} not applied yet: applying it", workspace.name());
            submit(workspace.name());
        }
    }

    /** Applies the workspace's recorded policy in its lane, with the caller's correlation id. */
    private void submit(String name) {
        lanes.submit(name, () -> {
            CallPriority.ONBOARDING.run(() -> apply(name));
            return null;
        });
    }

    /** Applies the recorded policy of a workspace now, on the calling thread (its lane's). */
    void apply(String name) {
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
        events.publish(TokenTopics.EVENTS, name, new TokenPolicyApplied(name, policy.maxLifetimeDays(), policy.canUseGroups(),
                policy.canUseServicePrincipals(), clock.instant())).block(CALL_TIMEOUT);
        workspaces.policyApplied(name);
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
        events.publish(TokenTopics.EVENTS, workspace.name(), new TokenPolicyFailed(workspace.name(), step, errorCode, message,
                clock.instant())).block(CALL_TIMEOUT);
        workspaces.policyFailed(workspace.name(), step + ": " + message);
    }

    /** At stop: a policy cut off now is not a failure; it stays pending and is applied at the next start. */
    @EventListener(ContextClosedEvent.class)
    public void stop() {
        stopping = true;
    }
}
