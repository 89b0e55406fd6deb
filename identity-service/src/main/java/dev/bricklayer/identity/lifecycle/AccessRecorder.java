package dev.bricklayer.identity.lifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.identity.DeprovisionReason;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.identity.UserDeprovisioned;
import dev.bricklayer.common.events.identity.UserProvisioned;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PersonAccess;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records what a convergence did for a person in a workspace: the access now provisioned (kept even when part of
 * the work failed, so that the next attempt starts from what is really there), the mark cleared — unless a newer
 * event marked the person again meanwhile — or, when the work failed, kept with the reason and tried again after a
 * growing pause; and {@code UserProvisioned} / {@code UserDeprovisioned} published when the access changed.
 */
public class AccessRecorder {

    private static final Logger log = LoggerFactory.getLogger(AccessRecorder.class);

    private final AccessStore access;
    private final PendingPeople pending;
    private final EventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    public AccessRecorder(AccessStore access, PendingPeople pending, EventPublisher events, IdentityProperties properties, Clock clock) {
        this.access = access;
        this.pending = pending;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records each person's outcome (PostgreSQL, one after the other) and publishes their events together, waiting for
     * every acknowledgement once rather than once per person. Answers how many people's access changed.
     */
    public int recordAll(String workspace, List<ConvergedAccess> all) {
        List<Mono<Void>> announcements = new ArrayList<>();
        for (ConvergedAccess done : all) {
            Mono<Void> announcement = recorded(workspace, done);
            if (announcement != null) {
                announcements.add(announcement);
            }
        }
        Flux.merge(announcements).then().block();
        return announcements.size();
    }

    /** Records the outcome; the announcement to publish when the access changed, else {@code null}. */
    private Mono<Void> recorded(String workspace, ConvergedAccess done) {
        PendingPeople.Mark mark = done.mark();
        if (done.person() != null && done.scimUserId() != null && (done.changed() || done.before() == null)) {
            access.save(new PersonAccess(mark.employeeId(), workspace, done.scimUserId(), done.plan().active(), done.groups(),
                    done.plan().entitlements(), done.adopted(), clock.instant()));
        }
        if (done.error() != null) {
            String reason = done.error() instanceof ApiException api ? api.getMessage() : done.error().toString();
            pending.failed(workspace, mark, reason, properties.backoff(mark.attempts()));
            log.warn("Workspace {}: access of {} not converged yet (attempt {}), retried later: {}", workspace, mark.employeeId(),
                    mark.attempts() + 1, reason);
            return null;
        }
        pending.done(workspace, mark);
        if (!done.changed() || done.person() == null) {
            return null;
        }
        return Correlation.with(mark.correlationId() != null ? mark.correlationId() : Correlation.currentOrNew(), () -> announce(workspace, done));
    }

    private Mono<Void> announce(String workspace, ConvergedAccess done) {
        try {
            Object event = done.plan().granted()
                    ? new UserProvisioned(workspace, done.person().employeeId(), done.person().userName(), done.scimUserId(),
                    List.copyOf(done.groups()), clock.instant())
                    : new UserDeprovisioned(workspace, done.person().employeeId(), done.person().userName(), done.scimUserId(),
                    done.removedGroups(), done.person().active() ? DeprovisionReason.NO_LONGER_ENTITLED : DeprovisionReason.LEFT,
                    clock.instant());
            // sent now, with the person's correlation id (the publisher reads it when subscribed); acknowledged later
            return Mono.fromFuture(events.publish(IdentityTopics.EVENTS, workspace, event).toFuture())
                    .onErrorResume(e -> failedToPublish(workspace, done, e));
        } catch (RuntimeException e) {
            return failedToPublish(workspace, done, e);
        }
    }

    private static Mono<Void> failedToPublish(String workspace, ConvergedAccess done, Throwable e) {
        log.error("Workspace {}: access of {} converged but its event could not be published: {}", workspace,
                done.person().employeeId(), e.toString());
        return Mono.empty();
    }
}
