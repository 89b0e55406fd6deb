package dev.bricklayer.identity.onboarding;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.identity.IdentityBootstrapFailed;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.identity.WorkspaceIdentityBootstrapped;
import dev.bricklayer.common.events.workspace.ServicePrincipalSpec;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.lifecycle.ConvergenceMarker;
import dev.bricklayer.identity.lifecycle.IdentityScopes;
import dev.bricklayer.identity.lifecycle.ScopedIdentities;
import dev.bricklayer.identity.permissions.GrantApplier;
import dev.bricklayer.identity.permissions.GrantStore;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * Brings a ready workspace's identities to its desired state, step by step: {@code groups} (with entitlements,
 * existing ones adopted; in the account scope account groups assigned to the workspace), {@code service-principals},
 * {@code users} (everyone the access rules give the workspace, in batches), {@code grants} on workspace-wide objects
 * and on objects announced before (and, in the account scope, Unity Catalog grants on catalogs announced before); then
 * {@code WorkspaceIdentityBootstrapped}. A step refused for good gives {@code IdentityBootstrapFailed} with the step,
 * the error code and message; a passing failure (throttling, an outage) is tried again after a growing pause, up to
 * {@code bootstrap-max-attempts}. Every step is idempotent, so a new attempt starts from the beginning.
 */
public class WorkspaceBootstrap {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceBootstrap.class);

    private final WorkspaceStore store;
    private final ManagedPrincipals principals;
    private final ConvergenceMarker marker;
    private final IdentityScopes scopes;
    private final AccessStore access;
    private final GrantApplier grants;
    private final GrantStore grantObjects;
    private final EventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    public WorkspaceBootstrap(WorkspaceStore store, ManagedPrincipals principals, ConvergenceMarker marker, IdentityScopes scopes,
                              AccessStore access, GrantApplier grants, GrantStore grantObjects, EventPublisher events,
                              IdentityProperties properties, Clock clock) {
        this.store = store;
        this.principals = principals;
        this.marker = marker;
        this.scopes = scopes;
        this.access = access;
        this.grants = grants;
        this.grantObjects = grantObjects;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** One attempt. Blocks: runs on the workspace's worker. */
    public void run(WorkspaceRecord workspace) {
        Correlation.run(Correlation.currentOrNew(), () -> attempt(workspace));
    }

    private void attempt(WorkspaceRecord workspace) {
        String step = "groups";
        ScopedIdentities scope = scopes.of(workspace);
        try {
            scope.groups(workspace);
            step = "service-principals";
            for (ServicePrincipalSpec principal : workspace.desiredState().servicePrincipals()) {
                principals.ensureServicePrincipal(workspace, principal);
            }
            step = "users";
            int marked = marker.markEveryoneIn(workspace);
            log.info("Workspace {}: groups and service principals in place; back-filling {} people", workspace.name(), marked);
            while (scope.people(workspace).people() > 0) {
                // batch after batch until nobody is due now (people whose calls failed are retried later)
            }
            step = "grants";
            grants.announceWorkspaceWide(workspace);
            grants.applyDue(workspace);
            scope.objects(workspace);
        } catch (ApiException e) {
            boolean passing = e.isRetryable() || e.status() >= 500 || e.status() == 401;
            failedAttempt(workspace, step, e.errorCode() != null ? e.errorCode() : String.valueOf(e.status()), e.getMessage(), passing);
            return;
        } catch (RuntimeException e) {
            failedAttempt(workspace, step, e.getClass().getSimpleName(), e.getMessage(), true);
            return;
        }
        store.ready(workspace.name());
        int grantsApplied = grantObjects.all(workspace.name()).stream().filter(o -> "APPLIED".equals(o.status()))
                .mapToInt(o -> GrantApplier.grantsFor(workspace, o.type(), o.name()).size()).sum();
        WorkspaceIdentityBootstrapped done = new WorkspaceIdentityBootstrapped(workspace.name(), workspace.desiredState().groups().size(),
                workspace.desiredState().servicePrincipals().size(), access.countActiveIn(workspace.name()), grantsApplied, clock.instant());
        events.publish(IdentityTopics.EVENTS, workspace.name(), done).block();
        log.info("Workspace {} bootstrapped: {}", workspace.name(), done);
    }

    private void failedAttempt(WorkspaceRecord workspace, String step, String code, String message, boolean passing) {
        if (passing && workspace.attempts() + 1 < properties.bootstrapMaxAttempts()) {
            log.warn("Workspace {}: bootstrap step {} failed (attempt {}), tried again later: {}", workspace.name(), step,
                    workspace.attempts() + 1, message);
            store.retryBootstrap(workspace.name(), step + ": " + message, properties.backoff(workspace.attempts()));
            return;
        }
        log.error("Workspace {}: bootstrap failed at step {}: {} {}", workspace.name(), step, code, message);
        store.failed(workspace.name(), step + ": " + message);
        events.publish(IdentityTopics.EVENTS, workspace.name(), new IdentityBootstrapFailed(workspace.name(), step, code, message,
                clock.instant())).block();
    }
}
