package dev.bricklayer.identity.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.DesiredState;

/** Workspaces ({@code workspaces}) and the service's settings ({@code settings}). */
public class WorkspaceStore {

    private static final String COLUMNS = "workspace_name, workspace_url, resource_id, workspace_id, tags::text, desired_state::text, "
            + "desired_hash, status, attempts, due_at, last_error, bootstrapped_at";
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    public WorkspaceStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Optional<WorkspaceRecord> find(String name) {
        return jdbc.query("select " + COLUMNS + " from workspaces where workspace_name = ?", this::row, name).stream().findFirst();
    }

    public List<WorkspaceRecord> all() {
        return jdbc.query("select " + COLUMNS + " from workspaces order by workspace_name", this::row);
    }

    /**
     * Records a workspace to bootstrap (new, or with a changed target or desired state). A changed target (URL or
     * resource id) is another workspace under the same name: what was known of the old one is forgotten.
     */
    public void bootstrap(String name, String url, String resourceId, String workspaceId, Map<String, String> tags,
                          DesiredState desiredState, String desiredHash, boolean newTarget) {
        Timestamp now = Timestamp.from(clock.instant());
        if (newTarget) {
            jdbc.update("delete from workspaces where workspace_name = ?", name);
        }
        jdbc.update("""
                insert into workspaces (workspace_name, workspace_url, resource_id, workspace_id, tags, desired_state, desired_hash, status,
                                        attempts, due_at, updated_at)
                values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, 'BOOTSTRAPPING', 0, ?, ?)
                on conflict (workspace_name) do update set workspace_url = excluded.workspace_url, resource_id = excluded.resource_id,
                    workspace_id = excluded.workspace_id, tags = excluded.tags, desired_state = excluded.desired_state,
                    desired_hash = excluded.desired_hash, status = 'BOOTSTRAPPING', attempts = 0, due_at = excluded.due_at,
                    last_error = null, updated_at = excluded.updated_at
                """, name, url, resourceId, workspaceId, json(tags), json(desiredState), desiredHash, now, now);
    }

    public void ready(String name) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("update workspaces set status = 'READY', attempts = 0, last_error = null, bootstrapped_at = ?, updated_at = ? "
                + "where workspace_name = ?", now, now, name);
    }

    public void failed(String name, String error) {
        jdbc.update("update workspaces set status = 'FAILED', last_error = ?, updated_at = ? where workspace_name = ?", error,
                Timestamp.from(clock.instant()), name);
    }

    /** A bootstrap attempt failed for a reason that may pass: try again after {@code backoff}. */
    public void retryBootstrap(String name, String error, Duration backoff) {
        Instant now = clock.instant();
        jdbc.update("update workspaces set attempts = attempts + 1, last_error = ?, due_at = ?, updated_at = ? where workspace_name = ?",
                error, Timestamp.from(now.plus(backoff)), Timestamp.from(now), name);
    }

    public void tags(String name, Map<String, String> tags) {
        jdbc.update("update workspaces set tags = ?::jsonb, updated_at = ? where workspace_name = ?", json(tags),
                Timestamp.from(clock.instant()), name);
    }

    public boolean delete(String name) {
        jdbc.update("delete from grant_objects where workspace_name = ?", name);
        return jdbc.update("delete from workspaces where workspace_name = ?", name) > 0;
    }

    /** Workspaces with work due now: bootstrapping, people to converge, or grants (ACLs, Unity Catalog) to set. */
    public List<String> withWorkDue() {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.queryForList("""
                select workspace_name from workspaces w where (status = 'BOOTSTRAPPING' and due_at <= ?)
                   or (status = 'READY' and exists (select 1 from pending_people p where p.workspace_name = w.workspace_name and p.due_at <= ?))
                   or (status = 'READY' and exists (select 1 from grant_objects g where g.workspace_name = w.workspace_name
                                                    and g.status = 'PENDING' and g.due_at <= ?))
                   or (status = 'READY' and exists (select 1 from catalog_grants c where c.workspace_name = w.workspace_name
                                                    and c.status = 'PENDING' and c.due_at <= ?))
                """, String.class, now, now, now, now);
    }

    /** A small fact of the service itself, e.g. the fingerprint of the access rules people were evaluated with. */
    public Optional<String> setting(String name) {
        return jdbc.queryForList("select value from settings where name = ?", String.class, name).stream().findFirst();
    }

    public void setting(String name, String value) {
        jdbc.update("insert into settings (name, value) values (?, ?) on conflict (name) do update set value = excluded.value", name, value);
    }

    private WorkspaceRecord row(ResultSet rs, int row) throws SQLException {
        Timestamp bootstrapped = rs.getTimestamp(12);
        return new WorkspaceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), read(rs.getString(5), TAGS),
                read(rs.getString(6), DesiredState.class), rs.getString(7), WorkspaceRecord.Status.valueOf(rs.getString(8)), rs.getInt(9),
                rs.getTimestamp(10).toInstant(), rs.getString(11), bootstrapped == null ? null : bootstrapped.toInstant());
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + json, e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
