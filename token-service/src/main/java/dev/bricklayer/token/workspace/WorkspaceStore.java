package dev.bricklayer.token.workspace;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.token.workspace.ManagedWorkspace.PolicyStatus;

/** The {@code workspaces} table: each governed workspace, its token policy and where applying it stands. */
public class WorkspaceStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public WorkspaceStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** What {@link #record} found and did. */
    public enum Change {
        /** Not known before. */
        NEW,
        /** Known, and the token policy (or where the workspace is) changed, or it was never applied. */
        CHANGED,
        /** Known with the same policy, already applied: nothing to do. */
        UNCHANGED,
        /** Older than the WorkspaceReady recorded already (a late or replayed event): nothing recorded. */
        STALE
    }

    /**
     * Records a ready workspace and its policy, as of {@code readyAt} (the event's time): a new or changed policy (or one
     * not yet applied) is marked {@link PolicyStatus#PENDING} with a new version; a {@code null} policy is
     * {@link PolicyStatus#NONE}. A WorkspaceReady older than the one recorded changes nothing, whichever instance
     * records it (the newest policy wins).
     */
    public synchronized Change record(String name, String workspaceUrl, String resourceId, TokenPolicy policy, Instant readyAt) {
        Optional<ManagedWorkspace> before = find(name);
        boolean same = before.isPresent() && Objects.equals(before.get().tokenPolicy(), policy)
                && before.get().workspaceUrl().equals(workspaceUrl) && before.get().resourceId().equals(resourceId);
        if (same && before.get().policyStatus() != PolicyStatus.PENDING && before.get().policyStatus() != PolicyStatus.FAILED) {
            return Change.UNCHANGED;
        }
        PolicyStatus status = policy == null ? PolicyStatus.NONE : PolicyStatus.PENDING;
        int recorded = jdbc.update("""
                insert into workspaces (name, workspace_url, resource_id, token_policy, policy_status, policy_error, ready_at,
                                        policy_version, updated_at)
                values (?, ?, ?, cast(? as jsonb), ?, null, ?, 1, now())
                on conflict (name) do update set workspace_url = excluded.workspace_url, resource_id = excluded.resource_id,
                    token_policy = excluded.token_policy, policy_status = excluded.policy_status, policy_error = null,
                    ready_at = excluded.ready_at, policy_version = workspaces.policy_version + 1, updated_at = now()
                where workspaces.ready_at is null or workspaces.ready_at <= excluded.ready_at""",
                name, workspaceUrl, resourceId, json(policy), status.name(), Timestamp.from(readyAt));
        return recorded == 0 ? Change.STALE : before.isEmpty() ? Change.NEW : Change.CHANGED;
    }

    public Optional<ManagedWorkspace> find(String name) {
        return jdbc.query("select * from workspaces where name = ?", this::row, name).stream().findFirst();
    }

    public List<ManagedWorkspace> all() {
        return jdbc.query("select * from workspaces order by name", this::row);
    }

    /** Names of the workspaces a sweep covers: those with a token policy. */
    public List<String> namesWithPolicy() {
        return jdbc.queryForList("select name from workspaces where token_policy is not null order by name", String.class);
    }

    public List<ManagedWorkspace> pendingPolicies() {
        return jdbc.query("select * from workspaces where policy_status = 'PENDING' order by updated_at", this::row);
    }

    /** The policy of {@code version} was applied; false when a newer one was recorded meanwhile (it stays PENDING). */
    public boolean policyApplied(String name, long version) {
        return jdbc.update("update workspaces set policy_status = 'APPLIED', policy_error = null, policy_applied_at = now(), "
                + "updated_at = now() where name = ? and policy_status = 'PENDING' and policy_version = ?", name, version) == 1;
    }

    /** The policy of {@code version} failed; false when a newer one was recorded meanwhile (it stays PENDING). */
    public boolean policyFailed(String name, long version, String error) {
        return jdbc.update("update workspaces set policy_status = 'FAILED', policy_error = ?, updated_at = now() "
                + "where name = ? and policy_status = 'PENDING' and policy_version = ?", error, name, version) == 1;
    }

    /** Forgets a decommissioned workspace with its violations and inventory (revocations stay, as a record). */
    public boolean forget(String name) {
        jdbc.update("delete from violations where workspace = ?", name);
        jdbc.update("delete from inventory where workspace = ?", name);
        return jdbc.update("delete from workspaces where name = ?", name) > 0;
    }

    private ManagedWorkspace row(ResultSet rs, int i) throws SQLException {
        String policy = rs.getString("token_policy");
        try {
            return new ManagedWorkspace(rs.getString("name"), rs.getString("workspace_url"), rs.getString("resource_id"),
                    policy == null ? null : mapper.readValue(policy, TokenPolicy.class),
                    PolicyStatus.valueOf(rs.getString("policy_status")), rs.getString("policy_error"), rs.getLong("policy_version"));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable token policy of workspace " + rs.getString("name"), e);
        }
    }

    private String json(TokenPolicy policy) {
        try {
            return policy == null ? null : mapper.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
