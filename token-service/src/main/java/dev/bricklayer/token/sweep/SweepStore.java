package dev.bricklayer.token.sweep;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bricklayer.common.events.workspace.TokenRule;

/**
 * Sweeps in PostgreSQL: a {@code sweeps} row per sweep and a {@code sweep_workspaces} row per workspace in it, which
 * keep each workspace's progress and outcome. Who works on a workspace is not kept here but in a lease
 * ({@code sweep:<workspace>}, common's {@code Leases}): an instance takes an open row ({@link #take}) only while it
 * holds the workspace's lease, so a row left {@code RUNNING} by an instance that stopped or died is taken over once its
 * lease has expired — a sweep interrupted by a restart goes on with every workspace not finished, and none is skipped.
 */
public class SweepStore {

    /** Why a sweep was started. */
    public enum Trigger { SCHEDULED, ON_DEMAND, POLICY_APPLIED }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public SweepStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A sweep and where each of its workspaces stands. */
    public record Sweep(String id, Trigger trigger, String requestedBy, String status, Instant startedAt, Instant finishedAt,
                        List<WorkspaceSweep> workspaces) {
    }

    /** One workspace of a sweep. */
    public record WorkspaceSweep(String workspace, String status, Integer scanned, Integer revoked, Integer reported,
                                 String error, int attempts, Instant startedAt, Instant finishedAt) {
    }

    /** A workspace row taken by this instance to sweep. */
    public record Claim(String sweepId, String workspace, Instant sweepStartedAt) {
    }

    /** An open workspace row: not swept yet, or left running by an instance that may have stopped. */
    public record Open(String sweepId, String workspace) {
    }

    /** A violation reported by the last sweep of a workspace. */
    public record Violation(String workspace, String tokenId, String owner, TokenRule rule, Instant expiresAt, String sweepId,
                            Instant foundAt) {
    }

    /** A token a workspace held after its last sweep. */
    public record InventoryItem(String tokenId, String owner, Instant createdAt, Instant expiresAt) {
    }

    /** Starts a sweep of the given workspaces; with none it is complete at once. */
    public String start(Trigger trigger, String requestedBy, List<String> workspaces) {
        String id = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> insert(id, trigger, requestedBy, workspaces));
        return id;
    }

    private void insert(String id, Trigger trigger, String requestedBy, List<String> workspaces) {
        jdbc.update("insert into sweeps (id, trigger, requested_by, status, finished_at) values (?, ?, ?, ?, ?)", id, trigger.name(),
                requestedBy, workspaces.isEmpty() ? "COMPLETED" : "RUNNING", workspaces.isEmpty() ? Timestamp.from(Instant.now()) : null);
        jdbc.batchUpdate("insert into sweep_workspaces (sweep_id, workspace, status) values (?, ?, 'PENDING')",
                workspaces.stream().map(name -> new Object[] {id, name}).toList());
    }

    /**
     * Open workspace rows, oldest first and pending ones before running ones (those may still be worked on by their
     * instance), one per workspace, leaving out {@code busy} workspaces (this instance's); at most {@code limit}.
     */
    public List<Open> open(int limit, Collection<String> busy) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.query("""
                select sweep_id, workspace from (
                    select distinct on (workspace) sweep_id, workspace, status, created_at from sweep_workspaces
                    where status in ('PENDING', 'RUNNING') and not (workspace = any (?))
                    order by workspace, created_at, sweep_id) oldest
                order by status = 'RUNNING', created_at, workspace
                limit ?""",
                (rs, i) -> new Open(rs.getString(1), rs.getString(2)), busy.toArray(String[]::new), limit);
    }

    /**
     * Takes an open row for {@code instance}, which holds the workspace's lease: it is {@code RUNNING}, one more
     * attempt. Empty when the row was finished meanwhile.
     */
    public Optional<Claim> take(String sweepId, String workspace, String instance) {
        return jdbc.query("""
                update sweep_workspaces s set status = 'RUNNING', claimed_by = ?, attempts = s.attempts + 1,
                    started_at = coalesce(s.started_at, now())
                from sweeps p
                where s.sweep_id = ? and s.workspace = ? and s.status in ('PENDING', 'RUNNING') and p.id = s.sweep_id
                returning s.sweep_id, s.workspace, p.started_at""",
                (rs, i) -> new Claim(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                instance, sweepId, workspace).stream().findFirst();
    }

    /**
     * Records a workspace's outcome and completes the sweep when it was the last. The sweep's row is locked first, so
     * that workspaces finishing at once are recorded one after the other: otherwise each transaction would see the
     * other's row still running (read committed) and neither would complete the sweep.
     */
    public void finished(String sweepId, String workspace, String status, Integer scanned, Integer revoked, Integer reported,
                         String error) {
        transactions.executeWithoutResult(tx -> {
            jdbc.queryForList("select id from sweeps where id = ? for update", String.class, sweepId);
            jdbc.update("update sweep_workspaces set status = ?, scanned = ?, revoked = ?, reported = ?, error = ?, finished_at = now() "
                    + "where sweep_id = ? and workspace = ?", status, scanned, revoked, reported, error, sweepId, workspace);
            jdbc.update("update sweeps set status = 'COMPLETED', finished_at = now() where id = ? and status = 'RUNNING' "
                    + "and not exists (select 1 from sweep_workspaces where sweep_id = ? and status in ('PENDING', 'RUNNING'))",
                    sweepId, sweepId);
        });
    }

    /** Gives a row back (this instance is stopping): another instance, or this one after a restart, sweeps it. */
    public void release(String sweepId, String workspace, String instance) {
        jdbc.update("update sweep_workspaces set status = 'PENDING', claimed_by = null where sweep_id = ? and workspace = ? "
                + "and status = 'RUNNING' and claimed_by = ?", sweepId, workspace, instance);
    }

    public Optional<Sweep> find(String id) {
        List<WorkspaceSweep> rows = jdbc.query("select * from sweep_workspaces where sweep_id = ? order by workspace",
                (rs, i) -> new WorkspaceSweep(rs.getString("workspace"), rs.getString("status"), (Integer) rs.getObject("scanned"),
                        (Integer) rs.getObject("revoked"), (Integer) rs.getObject("reported"), rs.getString("error"),
                        rs.getInt("attempts"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at"))), id);
        return jdbc.query("select * from sweeps where id = ?", (rs, i) -> new Sweep(rs.getString("id"),
                Trigger.valueOf(rs.getString("trigger")), rs.getString("requested_by"), rs.getString("status"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rows), id).stream().findFirst();
    }

    /** Replaces a workspace's violations and inventory with what its sweep found. */
    public void recordFindings(String workspace, String sweepId, List<Violation> violations, List<InventoryItem> inventory) {
        transactions.executeWithoutResult(tx -> {
            jdbc.update("delete from violations where workspace = ?", workspace);
            jdbc.batchUpdate("insert into violations (workspace, token_id, owner, rule, expires_at, sweep_id, found_at) values (?, ?, ?, ?, ?, ?, ?)",
                    violations.stream().map(v -> new Object[] {workspace, v.tokenId(), v.owner(), v.rule().name(), timestamp(v.expiresAt()),
                            sweepId, timestamp(v.foundAt())}).toList());
            jdbc.update("delete from inventory where workspace = ?", workspace);
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.batchUpdate("insert into inventory (workspace, token_id, owner, created_at, expires_at, sweep_id, swept_at) values (?, ?, ?, ?, ?, ?, ?)",
                    inventory.stream().map(t -> new Object[] {workspace, t.tokenId(), t.owner(), timestamp(t.createdAt()),
                            timestamp(t.expiresAt()), sweepId, now}).toList());
        });
    }

    public List<Violation> violations(String workspace) {
        String where = workspace == null ? "" : " where workspace = ?";
        Object[] args = workspace == null ? new Object[0] : new Object[] {workspace};
        return jdbc.query("select * from violations" + where + " order by workspace, found_at, token_id",
                (rs, i) -> new Violation(rs.getString("workspace"), rs.getString("token_id"), rs.getString("owner"),
                        TokenRule.valueOf(rs.getString("rule")), instant(rs.getTimestamp("expires_at")), rs.getString("sweep_id"),
                        instant(rs.getTimestamp("found_at"))), args);
    }

    public List<InventoryItem> inventory(String workspace) {
        return jdbc.query("select * from inventory where workspace = ? order by created_at, token_id",
                (rs, i) -> new InventoryItem(rs.getString("token_id"), rs.getString("owner"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("expires_at"))), workspace);
    }

    /** The last finished sweep of a workspace. */
    public record LastSweep(String sweepId, Instant at) {
    }

    /** When the workspace's inventory was taken, by which sweep; empty when it was never swept. */
    public Optional<LastSweep> lastSwept(String workspace) {
        return jdbc.query("select w.sweep_id, w.finished_at from sweep_workspaces w where w.workspace = ? and w.status = 'DONE' "
                        + "order by w.finished_at desc limit 1",
                (rs, i) -> new LastSweep(rs.getString(1), instant(rs.getTimestamp(2))), workspace).stream().findFirst();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
