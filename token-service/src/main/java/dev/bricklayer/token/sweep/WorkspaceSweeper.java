package dev.bricklayer.token.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.token.TokenSweepCompleted;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.token.TokenViolationFound;
import dev.bricklayer.common.events.workspace.RuleAction;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.token.revocation.Revocations;
import dev.bricklayer.token.scim.ScimClient;
import dev.bricklayer.token.sweep.SweepRules.Finding;
import dev.bricklayer.token.sweep.SweepRules.OwnerStatus;
import dev.bricklayer.token.tokens.TokenInfo;
import dev.bricklayer.token.tokens.TokenManagementClient;
import dev.bricklayer.token.workspace.ManagedWorkspace;
import dev.bricklayer.token.workspace.WorkspaceStore;

/**
 * Sweeps one workspace of a sweep: lists every token through token management, settles revocations a restart
 * interrupted, reads the workspace's users and service principals once (when a rule needs owners), applies the
 * policy's rules to each token — revoke ({@link Revocations}) or report ({@link TokenViolationFound}) — records
 * the remaining inventory and the violations, and announces {@link TokenSweepCompleted}.
 */
public class WorkspaceSweeper {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceSweeper.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);

    private final WorkspaceStore workspaces;
    private final SweepStore sweeps;
    private final TokenManagementClient tokenManagement;
    private final ScimClient scim;
    private final Revocations revocations;
    private final EventPublisher events;
    private final Clock clock;

    public WorkspaceSweeper(WorkspaceStore workspaces, SweepStore sweeps, TokenManagementClient tokenManagement, ScimClient scim,
                            Revocations revocations, EventPublisher events, Clock clock) {
        this.workspaces = workspaces;
        this.sweeps = sweeps;
        this.tokenManagement = tokenManagement;
        this.scim = scim;
        this.revocations = revocations;
        this.events = events;
        this.clock = clock;
    }

    /** The sweep is asked to stop: the workspace is left for another instance (or this one after its restart). */
    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** What one workspace's sweep found. */
    public record Counts(int scanned, int revoked, int reported) {
    }

    /**
     * Sweeps the claimed workspace and records its outcome; throws {@link Stopped} (outcome not recorded) when
     * {@code stopping} turns true between two tokens.
     */
    public Counts sweep(SweepStore.Claim claim, BooleanSupplier stopping) {
        Optional<ManagedWorkspace> found = workspaces.find(claim.workspace());
        if (found.isEmpty() || found.get().tokenPolicy() == null) {
            sweeps.finished(claim.sweepId(), claim.workspace(), "SKIPPED", null, null, null,
                    found.isEmpty() ? "the workspace is no longer governed (decommissioned)" : "the workspace has no token policy");
            return new Counts(0, 0, 0);
        }
        ManagedWorkspace workspace = found.get();
        TokenPolicy policy = workspace.tokenPolicy();
        WorkspaceTarget target = workspace.target();

        List<TokenInfo> tokens = tokenManagement.list(target).block(CALL_TIMEOUT);
        revocations.settle(workspace.name(), tokens.stream().map(TokenInfo::tokenId).toList(), null);
        Owners owners = SweepRules.needsOwners(policy) || tokens.stream().anyMatch(TokenInfo::ownedByAnother)
                ? Owners.read(scim, target) : Owners.NOT_READ;

        Instant now = clock.instant();
        List<SweepStore.Violation> reported = new ArrayList<>();
        List<SweepStore.InventoryItem> remaining = new ArrayList<>();
        for (TokenInfo token : tokens) {
            if (stopping.getAsBoolean()) {
                throw new Stopped();
            }
            String owner = owners.nameOf(token);
            Optional<Finding> finding = SweepRules.evaluate(policy, token, owners.statusOf(token), now);
            Instant expiresAt = token.neverExpires() ? null : Instant.ofEpochMilli(token.expiryTime());
            if (finding.isPresent() && finding.get().action() == RuleAction.REVOKE) {
                revocations.revoke(target, token, owner, finding.get().rule(), claim.sweepId());
                continue;
            }
            if (finding.isPresent()) {
                Instant at = clock.instant();
                events.publish(TokenTopics.EVENTS, workspace.name(), new TokenViolationFound(workspace.name(), token.tokenId(), owner,
                        finding.get().rule(), expiresAt, claim.sweepId(), at)).block(CALL_TIMEOUT);
                reported.add(new SweepStore.Violation(workspace.name(), token.tokenId(), owner, finding.get().rule(), expiresAt,
                        claim.sweepId(), at));
            }
            remaining.add(new SweepStore.InventoryItem(token.tokenId(), owner, Instant.ofEpochMilli(token.creationTime()), expiresAt));
        }
        sweeps.recordFindings(workspace.name(), claim.sweepId(), reported, remaining);
        int revoked = revocations.revokedBy(claim.sweepId(), workspace.name()).size();
        Counts counts = new Counts(tokens.size(), revoked, reported.size());
        events.publish(TokenTopics.EVENTS, workspace.name(), new TokenSweepCompleted(workspace.name(), claim.sweepId(), counts.scanned(),
                counts.revoked(), counts.reported(), claim.sweepStartedAt(), clock.instant())).block(CALL_TIMEOUT);
        sweeps.finished(claim.sweepId(), workspace.name(), "DONE", counts.scanned(), counts.revoked(), counts.reported(), null);
        log.info("Swept {} (sweep {}): {} tokens, {} revoked, {} reported", workspace.name(), claim.sweepId(), counts.scanned(),
                counts.revoked(), counts.reported());
        return counts;
    }

    /** The users and service principals of a workspace by SCIM id, read with one list call each. */
    record Owners(Map<String, ScimClient.Principal> byId, boolean read) {

        static final Owners NOT_READ = new Owners(Map.of(), false);

        static Owners read(ScimClient scim, WorkspaceTarget target) {
            Map<String, ScimClient.Principal> byId = new HashMap<>();
            scim.users(target).block(CALL_TIMEOUT).forEach(p -> byId.put(p.id(), p));
            scim.servicePrincipals(target).block(CALL_TIMEOUT).forEach(p -> byId.put(p.id(), p));
            return new Owners(byId, true);
        }

        OwnerStatus statusOf(TokenInfo token) {
            if (!read) {
                return OwnerStatus.UNKNOWN;
            }
            ScimClient.Principal principal = token.ownerId() == null ? null : byId.get(String.valueOf(token.ownerId()));
            return principal == null ? OwnerStatus.GONE : principal.active() ? OwnerStatus.ACTIVE : OwnerStatus.INACTIVE;
        }

        /** The owner's user name or application id; the creator when the owner is not known. */
        String nameOf(TokenInfo token) {
            ScimClient.Principal principal = token.ownerId() == null ? null : byId.get(String.valueOf(token.ownerId()));
            if (principal != null && principal.name() != null) {
                return principal.name();
            }
            return token.ownedByAnother() ? "id:" + token.ownerId() : token.createdByUsername();
        }
    }
}
