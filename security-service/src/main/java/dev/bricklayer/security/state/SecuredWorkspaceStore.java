package dev.bricklayer.security.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.security.changes.ManagedLists;

/** The durable state of security-service, in PostgreSQL (schema {@code security_service}, created by Flyway). */
public class SecuredWorkspaceStore {

    private static final String COLUMNS = "workspace_name, workspace_url, resource_id, desired_state::text, received_at, status, "
            + "reconciled_at, failure_step, failure_code, failure_message, drift_checked_at, drift_outcome, drift::text";
    private static final TypeReference<List<DriftEntry>> ENTRIES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public SecuredWorkspaceStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Takes in a {@code WorkspaceReady}: the workspace's target and desired state; its reconcile is pending. */
    public void accept(WorkspaceReady ready) {
        jdbc.update("""
                insert into secured_workspaces (workspace_name, workspace_url, resource_id, desired_state, received_at, status)
                values (?, ?, ?, ?::jsonb, ?, 'PENDING')
                on conflict (workspace_name) do update set workspace_url = excluded.workspace_url,
                    resource_id = excluded.resource_id, desired_state = excluded.desired_state,
                    received_at = excluded.received_at, status = 'PENDING'
                """, ready.workspaceName(), ready.workspaceUrl(), ready.resourceId(), json(ready.desiredState()),
                Timestamp.from(Instant.now()));
    }

    public Optional<SecuredWorkspace> find(String name) {
        return jdbc.query("select " + COLUMNS + " from secured_workspaces where workspace_name = ?", this::row, name)
                .stream().findFirst();
    }

    public List<SecuredWorkspace> all() {
        return jdbc.query("select " + COLUMNS + " from secured_workspaces order by workspace_name", this::row);
    }

    /** Forgets a decommissioned workspace and the lists recorded for it. */
    public boolean forget(String name) {
        return jdbc.update("delete from secured_workspaces where workspace_name = ?", name) > 0;
    }

    /**
     * How a reconcile of {@code workspace} as it was read ended; {@code step}, {@code code} and {@code message} describe
     * a failure (else {@code null}). Recorded only while the desired state the pass worked on is still the stored one: one
     * received meanwhile stays {@code PENDING}, to be reconciled next. False when it was not recorded.
     */
    public boolean reconciled(SecuredWorkspace workspace, SecuredWorkspace.Status status, String step, String code, String message) {
        return jdbc.update("""
                update secured_workspaces set status = ?, reconciled_at = ?, failure_step = ?, failure_code = ?,
                    failure_message = ? where workspace_name = ? and received_at = ?
                """, status.name(), Timestamp.from(Instant.now()), step, code, message, workspace.name(),
                Timestamp.from(workspace.receivedAt())) == 1;
    }

    /** Workspaces whose desired state waits for a reconcile. */
    public List<String> pending() {
        return jdbc.queryForList("select workspace_name from secured_workspaces where status = 'PENDING' order by received_at",
                String.class);
    }

    /** What a drift check found. */
    public void driftChecked(String name, String outcome, List<DriftEntry> entries) {
        jdbc.update("update secured_workspaces set drift_checked_at = ?, drift_outcome = ?, drift = ?::jsonb where workspace_name = ?",
                Timestamp.from(Instant.now()), outcome, json(entries), name);
    }

    /** Ids of the IP access lists Bricklayer created or adopted in the workspace. */
    public Set<String> managedLists(String name) {
        return new TreeSet<>(jdbc.queryForList("select list_id from managed_ip_access_lists where workspace_name = ?",
                String.class, name));
    }

    /** The lists of one workspace as {@link ManagedLists}. */
    public ManagedLists listBook(String name) {
        return new ManagedLists() {
            @Override
            public void remember(String listId, String label, String listType) {
                rememberList(name, listId, label, listType);
            }

            @Override
            public void forget(String listId) {
                forgetList(name, listId);
            }
        };
    }

    public void rememberList(String name, String listId, String label, String listType) {
        jdbc.update("""
                insert into managed_ip_access_lists (workspace_name, list_id, label, list_type, recorded_at)
                select ?, ?, ?, ?, ? where exists (select 1 from secured_workspaces where workspace_name = ?)
                on conflict (workspace_name, list_id) do update set label = excluded.label, list_type = excluded.list_type
                """, name, listId, label, listType, Timestamp.from(Instant.now()), name);
    }

    public void forgetList(String name, String listId) {
        jdbc.update("delete from managed_ip_access_lists where workspace_name = ? and list_id = ?", name, listId);
    }

    private SecuredWorkspace row(ResultSet rs, int i) throws SQLException {
        try {
            String drift = rs.getString("drift");
            return new SecuredWorkspace(rs.getString("workspace_name"), rs.getString("workspace_url"), rs.getString("resource_id"),
                    mapper.readValue(rs.getString("desired_state"), DesiredState.class), instant(rs, "received_at"),
                    SecuredWorkspace.Status.valueOf(rs.getString("status")), instant(rs, "reconciled_at"),
                    rs.getString("failure_step"), rs.getString("failure_code"), rs.getString("failure_message"),
                    instant(rs, "drift_checked_at"), rs.getString("drift_outcome"),
                    drift == null ? List.of() : mapper.readValue(drift, ENTRIES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored state of workspace " + rs.getString("workspace_name") + " is unreadable", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
