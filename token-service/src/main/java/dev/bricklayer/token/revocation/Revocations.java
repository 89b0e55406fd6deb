package dev.bricklayer.token.revocation;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bricklayer.common.events.token.TokenRevoked;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.token.tokens.TokenInfo;
import dev.bricklayer.token.tokens.TokenManagementClient;

/**
 * Revokes tokens so that a restart, a replayed event or two revokers at once never delete a token twice nor
 * announce it twice: the intent is recorded ({@code PENDING}) before the DELETE, the row is locked while the
 * DELETE and the {@link TokenRevoked} event happen, and it is marked {@code DELETED} and announced in the same
 * transaction. A 404 on DELETE means the token is already gone: done. A {@code PENDING} row whose token is no
 * longer listed (its DELETE went through before a crash) is settled by {@link #settle} without another DELETE.
 */
public class Revocations {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TokenManagementClient tokenManagement;
    private final EventPublisher events;

    public Revocations(JdbcTemplate jdbc, TransactionTemplate transactions, TokenManagementClient tokenManagement,
                       EventPublisher events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tokenManagement = tokenManagement;
        this.events = events;
    }

    /** What {@link #revoke} did. */
    public enum Outcome {
        /** Deleted now (or found gone) and announced now. */
        REVOKED,
        /** Revoked and announced before: nothing done. */
        ALREADY_REVOKED
    }

    /** One recorded revocation. */
    private record Row(String owner, TokenRule rule, Instant expiresAt, String sweepId, String state, boolean announced) {
    }

    /**
     * Revokes one token: records the intent, deletes it through token management, announces {@link TokenRevoked}.
     *
     * @param sweepId the sweep revoking it; {@code null} for a leaver
     */
    public Outcome revoke(WorkspaceTarget workspace, TokenInfo token, String owner, TokenRule rule, String sweepId) {
        Instant expiresAt = token.neverExpires() ? null : Instant.ofEpochMilli(token.expiryTime());
        jdbc.update("""
                insert into revocations (workspace, token_id, owner, rule, expires_at, sweep_id, state)
                values (?, ?, ?, ?, ?, ?, 'PENDING') on conflict (workspace, token_id) do nothing""",
                workspace.name(), token.tokenId(), owner, rule.name(), timestamp(expiresAt), sweepId);
        return transactions.execute(tx -> {
            Row row = lock(workspace.name(), token.tokenId());
            if ("DELETED".equals(row.state()) && row.announced()) {
                return Outcome.ALREADY_REVOKED;
            }
            if (!"DELETED".equals(row.state())) {
                boolean deletedNow = Boolean.TRUE.equals(tokenManagement.delete(workspace, token.tokenId()).block());
                if (!deletedNow) {
                    log.info("Token {} of {} in {} was already gone", token.tokenId(), owner, workspace.name());
                }
                jdbc.update("update revocations set state = 'DELETED', deleted_at = now() where workspace = ? and token_id = ?",
                        workspace.name(), token.tokenId());
            }
            announce(workspace.name(), token.tokenId(), row);
            return Outcome.REVOKED;
        });
    }

    /**
     * Settles the {@code PENDING} revocations of a workspace (of one owner's tokens, when {@code owner} is given)
     * whose tokens are no longer listed: their DELETE went through before the service stopped. They are marked
     * deleted and announced, without another DELETE. Returns how many.
     */
    public int settle(String workspace, Collection<String> listedTokenIds, String owner) {
        Set<String> listed = new HashSet<>(listedTokenIds);
        List<String> pending = owner == null
                ? jdbc.queryForList("select token_id from revocations where workspace = ? and (state = 'PENDING' or not announced)",
                        String.class, workspace)
                : jdbc.queryForList("select token_id from revocations where workspace = ? and owner = ? and (state = 'PENDING' or not announced)",
                        String.class, workspace, owner);
        int settled = 0;
        for (String tokenId : pending) {
            if (listed.contains(tokenId)) {
                continue; // still there: the sweep or leaver revokes it through revoke()
            }
            Boolean done = transactions.execute(tx -> {
                Row row = lock(workspace, tokenId);
                if ("DELETED".equals(row.state()) && row.announced()) {
                    return false;
                }
                jdbc.update("update revocations set state = 'DELETED', deleted_at = coalesce(deleted_at, now()) "
                        + "where workspace = ? and token_id = ?", workspace, tokenId);
                announce(workspace, tokenId, row);
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                log.info("Revocation of token {} in {} settled after a restart (it was already deleted)", tokenId, workspace);
                settled++;
            }
        }
        return settled;
    }

    /** Tokens a sweep revoked in a workspace (across restarts). */
    public List<String> revokedBy(String sweepId, String workspace) {
        return jdbc.queryForList("select token_id from revocations where sweep_id = ? and workspace = ? and state = 'DELETED' order by token_id",
                String.class, sweepId, workspace);
    }

    private Row lock(String workspace, String tokenId) {
        return jdbc.queryForObject("select owner, rule, expires_at, sweep_id, state, announced from revocations "
                        + "where workspace = ? and token_id = ? for update",
                (rs, i) -> new Row(rs.getString("owner"), TokenRule.valueOf(rs.getString("rule")),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
                        rs.getString("sweep_id"), rs.getString("state"), rs.getBoolean("announced")),
                workspace, tokenId);
    }

    /** Publishes while the row is locked, then marks it announced in the same transaction. */
    private void announce(String workspace, String tokenId, Row row) {
        events.publish(TokenTopics.EVENTS, workspace, new TokenRevoked(workspace, tokenId, row.owner(), row.rule(),
                row.expiresAt(), row.sweepId(), Instant.now())).block(PUBLISH_TIMEOUT);
        jdbc.update("update revocations set announced = true where workspace = ? and token_id = ?", workspace, tokenId);
        jdbc.update("delete from violations where workspace = ? and token_id = ?", workspace, tokenId);
        jdbc.update("delete from inventory where workspace = ? and token_id = ?", workspace, tokenId);
        log.info("Token {} of {} revoked in {} (rule {}{})", tokenId, row.owner(), workspace, row.rule(),
                row.sweepId() == null ? "" : ", sweep " + row.sweepId());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
