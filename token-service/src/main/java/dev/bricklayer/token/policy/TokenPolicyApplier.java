package dev.bricklayer.token.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.token.TokenPolicyFailed;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.messaging.EventPublisher;
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
 * Work runs on its own threads (waiting for principals may take minutes); one workspace at a time.
 */
public class TokenPolicyApplier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenPolicyApplier.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    private final WorkspaceStore workspaces;
    private final WorkspaceConfClient conf;
    private final TokenPermissionsReconciler permissions;
    private final SweepService sweeps;
    private final EventPublisher events;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService executor;
    private volatile boolean running;

    public TokenPolicyApplier(WorkspaceStore workspaces, WorkspaceConfClient conf, TokenPermissionsReconciler permissions,
                              SweepService sweeps, EventPublisher events, int parallelism) {
        this.workspaces = workspaces;
        this.conf = conf;
        this.permissions = permissions;
        this.sweeps = sweeps;
        this.events = events;
        this.executor = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "token-policy-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
            submit(ready.workspaceName(), Correlation.current());
        }
        return change;
    }

    /** Forgets a decommissioned workspace. */
    public boolean onDecommissioned(String name) {
        return workspaces.forget(name);
    }

    /** Applies every policy left pending (at start: those not applied when the service stopped). */
    public void resumePending() {
        for (ManagedWorkspace workspace : workspaces.pendingPolicies()) {
            log.info("Token policy of {} not applied yet: applying it", workspace.name());
            submit(workspace.name(), null);
        }
    }

    private void submit(String name, String correlationId) {
        executor.execute(() -> Correlation.run(correlationId != null ? correlationId : Correlation.currentOrNew(), () -> apply(name)));
    }

    /** Applies the recorded policy of a workspace now, on the calling thread. */
    public void apply(String name) {
        ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        try {
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
                if (!running) {
                    log.info("Applying the token policy of {} cut off by the shutdown; it is applied at the next start", name);
                    return;
                }
                fail(workspace, "token-permissions", e instanceof ApiException api ? api.errorCode() : e.getClass().getSimpleName(),
                        e.getMessage());
                return;
            }
            events.publish(TokenTopics.EVENTS, name, new TokenPolicyApplied(name, policy.maxLifetimeDays(), policy.canUseGroups(),
                    policy.canUseServicePrincipals(), Instant.now())).block(CALL_TIMEOUT);
            workspaces.policyApplied(name);
            log.info("Token policy of {} applied: {} days at most, CAN_USE for groups {} and service principals {}", name,
                    policy.maxLifetimeDays(), policy.canUseGroups(), policy.canUseServicePrincipals());
            sweeps.start(SweepStore.Trigger.POLICY_APPLIED, "policy-applied", name);
        } finally {
            lock.unlock();
        }
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
                Instant.now())).block(CALL_TIMEOUT);
        workspaces.policyFailed(workspace.name(), step + ": " + message);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the Kafka bindings and stops after them: no event arrives while it cannot take it. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 2000;
    }
}
