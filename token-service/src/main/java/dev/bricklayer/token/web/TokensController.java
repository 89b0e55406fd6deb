package dev.bricklayer.token.web;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.token.config.TokenServiceProperties;
import dev.bricklayer.token.revocation.Revocations;
import dev.bricklayer.token.sweep.SweepService;
import dev.bricklayer.token.sweep.SweepStore;
import dev.bricklayer.token.workspace.ManagedWorkspace;
import dev.bricklayer.token.workspace.WorkspaceStore;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * token-service's REST API: current violations, a workspace's token inventory summary (never a token value), and
 * sweeps — start one (all workspaces or one) and follow it.
 */
@RestController
@RequestMapping("/api/v1/tokens")
public class TokensController {

    private final WorkspaceStore workspaces;
    private final SweepStore sweepStore;
    private final SweepService sweeps;
    private final Revocations revocations;
    private final TokenServiceProperties properties;

    public TokensController(WorkspaceStore workspaces, SweepStore sweepStore, SweepService sweeps, Revocations revocations,
                            TokenServiceProperties properties) {
        this.workspaces = workspaces;
        this.sweepStore = sweepStore;
        this.sweeps = sweeps;
        this.revocations = revocations;
        this.properties = properties;
    }

    /** A violation reported (not revoked) by the last sweep of its workspace. */
    public record Violation(String workspace, String tokenId, String owner, TokenRule rule, Instant expiresAt, String sweepId,
                            Instant foundAt) {
    }

    /** The token inventory of a workspace after its last sweep. */
    public record Inventory(String workspace, String policyStatus, String lastSweepId, Instant sweptAt, Integer tokens,
                            Map<String, Integer> byOwner, Integer withoutExpiry, Integer expiringSoon, int expiringSoonDays) {
    }

    /** Body of {@code POST /sweeps}: one workspace, or none for every workspace. */
    public record SweepRequest(String workspace) {
    }

    public record SweepStarted(String sweepId, String status) {
    }

    /** One workspace of a sweep, with the tokens the sweep revoked there. */
    public record WorkspaceProgress(String workspace, String status, Integer scanned, Integer revoked, Integer reported,
                                    List<String> revokedTokenIds, String error, int attempts, Instant startedAt, Instant finishedAt) {
    }

    public record SweepProgress(String sweepId, String trigger, String requestedBy, String status, Instant startedAt,
                                Instant finishedAt, Map<String, Long> workspacesByStatus, List<WorkspaceProgress> workspaces) {
    }

    @Operation(summary = "Violations reported by the last sweep of each workspace (tokens left in place)")
    @GetMapping("/violations")
    public Mono<List<Violation>> violations(@RequestParam(required = false) String workspace) {
        return blocking(() -> sweepStore.violations(workspace).stream()
                .map(v -> new Violation(v.workspace(), v.tokenId(), v.owner(), v.rule(), v.expiresAt(), v.sweepId(), v.foundAt()))
                .toList());
    }

    @Operation(summary = "A workspace's token inventory after its last sweep: counts by owner, without expiry, expiring soon")
    @GetMapping("/workspaces/{name}")
    public Mono<Inventory> inventory(@PathVariable String name) {
        return blocking(() -> {
            ManagedWorkspace workspace = workspaces.find(name).orElseThrow(() ->
                    new ResponseStatusException(HttpStatus.NOT_FOUND, "No workspace " + name));
            int soonDays = workspace.tokenPolicy() != null ? workspace.tokenPolicy().nearExpiryDays() : properties.inventoryExpiringDays();
            return sweepStore.lastSwept(name).map(last -> {
                List<SweepStore.InventoryItem> items = sweepStore.inventory(name);
                Map<String, Integer> byOwner = new TreeMap<>();
                items.forEach(item -> byOwner.merge(String.valueOf(item.owner()), 1, Integer::sum));
                Instant now = Instant.now();
                Instant soon = now.plus(Duration.ofDays(soonDays));
                int withoutExpiry = (int) items.stream().filter(item -> item.expiresAt() == null).count();
                int expiringSoon = (int) items.stream().filter(item -> item.expiresAt() != null && item.expiresAt().isAfter(now)
                        && !item.expiresAt().isAfter(soon)).count();
                return new Inventory(name, workspace.policyStatus().name(), last.sweepId(), last.at(), items.size(), byOwner,
                        withoutExpiry, expiringSoon, soonDays);
            }).orElseGet(() -> new Inventory(name, workspace.policyStatus().name(), null, null, null, null, null, null, soonDays));
        });
    }

    @Operation(summary = "Start a sweep of every governed workspace, or of one")
    @PostMapping("/sweeps")
    public Mono<ResponseEntity<SweepStarted>> startSweep(@RequestBody(required = false) SweepRequest request, Principal caller) {
        String workspace = request == null || request.workspace() == null || request.workspace().isBlank() ? null : request.workspace();
        return blocking(() -> {
            if (workspace != null) {
                ManagedWorkspace known = workspaces.find(workspace).orElseThrow(() ->
                        new ResponseStatusException(HttpStatus.NOT_FOUND, "No workspace " + workspace));
                if (known.tokenPolicy() == null) {
                    throw new ResponseStatusException(HttpStatus.CONFLICT, "Workspace " + workspace + " has no token policy to sweep by");
                }
            }
            String id = sweeps.start(SweepStore.Trigger.ON_DEMAND, caller == null ? null : caller.getName(), workspace);
            return ResponseEntity.accepted().location(URI.create("/api/v1/tokens/sweeps/" + id))
                    .body(new SweepStarted(id, sweepStore.find(id).map(SweepStore.Sweep::status).orElse("RUNNING")));
        });
    }

    @Operation(summary = "Progress of a sweep: each workspace's status and counts, and the tokens revoked")
    @GetMapping("/sweeps/{id}")
    public Mono<SweepProgress> sweep(@PathVariable String id) {
        return blocking(() -> {
            SweepStore.Sweep sweep = sweepStore.find(id).orElseThrow(() ->
                    new ResponseStatusException(HttpStatus.NOT_FOUND, "No sweep " + id));
            Map<String, Long> byStatus = new TreeMap<>();
            sweep.workspaces().forEach(w -> byStatus.merge(w.status(), 1L, Long::sum));
            List<WorkspaceProgress> rows = sweep.workspaces().stream().map(w -> new WorkspaceProgress(w.workspace(), w.status(),
                    w.scanned(), w.revoked(), w.reported(), revocations.revokedBy(id, w.workspace()), w.error(), w.attempts(),
                    w.startedAt(), w.finishedAt())).toList();
            return new SweepProgress(sweep.id(), sweep.trigger().name(), sweep.requestedBy(), sweep.status(), sweep.startedAt(),
                    sweep.finishedAt(), byStatus, rows);
        });
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
