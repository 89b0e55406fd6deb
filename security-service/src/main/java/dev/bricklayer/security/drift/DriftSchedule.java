package dev.bricklayer.security.drift;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.Leases.Lease;
import dev.bricklayer.security.reconcile.PassOutcome;
import dev.bricklayer.security.reconcile.WorkspacePasses;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;

/**
 * Drift, checked on a schedule shared by every instance of the service: a round every {@code drift-interval} (the
 * first one interval after start, Spring's {@code @Scheduled}) gives each stored workspace that may pass a scheduled
 * pass ({@link WorkspacePasses#scheduled}) — but only on the instance that takes the workspace's lease
 * {@code drift:<workspace>} for the interval ({@link Leases#acquireOncePer}), so however many instances run, each
 * workspace gets one pass per interval. Refused and permanently failed workspaces wait for a new desired state; a
 * workspace whose pass from an earlier round has not finished here is left out.
 */
public class DriftSchedule {

    private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

    private final WorkspacePasses passes;
    private final Leases leases;
    private final Duration interval;
    private final Set<String> underway = ConcurrentHashMap.newKeySet();

    public DriftSchedule(WorkspacePasses passes, Leases leases, Duration interval) {
        this.passes = passes;
        this.leases = leases;
        this.interval = interval;
    }

    /** The schedule's tick; a round that fails (the database away) is logged and the next tick comes. */
    @Scheduled(fixedDelayString = "${bricklayer.security.drift-interval:10m}",
            initialDelayString = "${bricklayer.security.drift-interval:10m}")
    public void tick() {
        try {
            List<CompletableFuture<PassOutcome>> started = round();
            log.debug("Drift round: {} workspace pass(es) started here", started.size());
        } catch (RuntimeException e) {
            log.warn("A round of drift checks could not start: {}", e.toString());
        }
    }

    /** One round: the passes this instance started, one per workspace whose lease for this interval it took. */
    public List<CompletableFuture<PassOutcome>> round() {
        List<CompletableFuture<PassOutcome>> started = new ArrayList<>();
        for (SecuredWorkspace workspace : passes.workspaces()) {
            if (workspace.status() == Status.REFUSED || workspace.status() == Status.FAILED || !underway.add(workspace.name())) {
                continue;
            }
            Optional<Lease> lease = Optional.empty();
            try {
                lease = leases.acquireOncePer("drift:" + workspace.name(), interval);
            } finally {
                if (lease.isEmpty()) {
                    underway.remove(workspace.name());
                }
            }
            if (lease.isPresent()) {
                Lease held = lease.get();
                started.add(passes.scheduled(workspace.name()).whenComplete((outcome, error) -> {
                    held.close();
                    underway.remove(workspace.name());
                }));
            }
        }
        return started;
    }
}
