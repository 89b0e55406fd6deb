package dev.bricklayer.token.leaver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.token.revocation.Revocations;
import dev.bricklayer.token.tokens.TokenInfo;
import dev.bricklayer.token.tokens.TokenManagementClient;
import dev.bricklayer.token.workspace.ManagedWorkspace;
import dev.bricklayer.token.workspace.WorkspaceStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A person left: in every governed workspace (with or without a token policy), every token the person created
 * is revoked ({@code TokenRevoked} with rule {@code owner-inactive}, no sweep), workspaces in parallel — Reactor,
 * at most {@code sweep-parallelism} workspaces at once on its bounded elastic scheduler (each workspace's calls and
 * revocations block), the caller waiting for all. A replayed {@code UserLeft} finds nothing left to revoke and does
 * nothing. Its calls are of people's lifecycle ({@link CallPriority#LIFECYCLE}): they go before sweeps and onboarding.
 */
public class LeaverRevocation {

    private static final Logger log = LoggerFactory.getLogger(LeaverRevocation.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    private final WorkspaceStore workspaces;
    private final TokenManagementClient tokenManagement;
    private final Revocations revocations;
    private final int parallelism;

    public LeaverRevocation(WorkspaceStore workspaces, TokenManagementClient tokenManagement, Revocations revocations, int parallelism) {
        this.workspaces = workspaces;
        this.tokenManagement = tokenManagement;
        this.revocations = revocations;
        this.parallelism = parallelism;
    }

    /** Tokens revoked per workspace. */
    public record Result(int workspaces, int revoked) {
    }

    /**
     * Revokes the leaver's tokens everywhere; throws when a workspace could not be done (the others are), so that
     * the event is tried again — a second try revokes only what is left.
     */
    public Result revokeAll(UserLeft left) {
        String correlationId = Correlation.currentOrNew();
        List<ManagedWorkspace> all = workspaces.all();
        Map<String, String> failures = new ConcurrentSkipListMap<>();
        int revoked = Flux.fromIterable(all)
                .flatMap(workspace -> Mono.fromCallable(() -> Correlation.with(correlationId,
                                () -> CallPriority.LIFECYCLE.with(() -> revokeIn(workspace.target(), left.userName()))))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorResume(e -> {
                            failures.put(workspace.name(), String.valueOf(e.getMessage()));
                            return Mono.just(0);
                        }), parallelism)
                .reduce(0, Integer::sum)
                .blockOptional().orElse(0);
        log.info("Leaver {} ({}): {} token(s) revoked in {} workspace(s)", left.userName(), left.employeeId(), revoked, all.size());
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Tokens of leaver " + left.userName() + " not revoked in " + failures);
        }
        return new Result(all.size(), revoked);
    }

    private int revokeIn(WorkspaceTarget workspace, String userName) {
        List<TokenInfo> tokens = tokenManagement.listCreatedBy(workspace, userName).block(CALL_TIMEOUT);
        int revoked = revocations.settle(workspace.name(), tokens.stream().map(TokenInfo::tokenId).toList(), userName);
        for (TokenInfo token : tokens) {
            if (revocations.revoke(workspace, token, userName, TokenRule.OWNER_INACTIVE, null) == Revocations.Outcome.REVOKED) {
                revoked++;
            }
        }
        return revoked;
    }
}
