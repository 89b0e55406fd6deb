package dev.bricklayer.identity.permissions;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.bricklayer.common.events.workspace.PermissionObjectType;

/**
 * Objects grants are set on ({@code grant_objects}): announced by security-service or workspace-wide, kept until
 * their ACL is applied — an announcement that comes before the workspace's groups exist waits here.
 */
public class GrantStore {

    /** One object. */
    public record GrantObject(String workspaceName, PermissionObjectType type, String name, String id, String status, String appliedHash,
                              int attempts, String lastError) {
    }

    private static final String COLUMNS = "workspace_name, object_type, object_name, object_id, status, applied_hash, attempts, last_error";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    /** @param clock decides when an object's grants are due: now when announced, after a growing pause when setting them failed */
    public GrantStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an object and its id. A new object, or a known one with another id (re-created), is pending; the same
     * announcement again changes nothing. Answers whether there is work to do.
     */
    public boolean announce(String workspaceName, PermissionObjectType type, String name, String id) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update("""
                insert into grant_objects (workspace_name, object_type, object_name, object_id, status, attempts, due_at, announced_at)
                values (?, ?, ?, ?, 'PENDING', 0, ?, ?)
                on conflict (workspace_name, object_type, object_name) do update set object_id = excluded.object_id, status = 'PENDING',
                    attempts = 0, due_at = excluded.due_at, last_error = null, announced_at = excluded.announced_at
                where grant_objects.object_id <> excluded.object_id or grant_objects.status = 'FAILED'
                """, workspaceName, type.name(), name, id, now, now) > 0;
    }

    public Optional<GrantObject> find(String workspaceName, PermissionObjectType type, String name) {
        return jdbc.query("select " + COLUMNS + " from grant_objects where workspace_name = ? and object_type = ? and object_name = ?",
                GrantStore::row, workspaceName, type.name(), name).stream().findFirst();
    }

    public List<GrantObject> due(String workspaceName) {
        return jdbc.query("select " + COLUMNS + " from grant_objects where workspace_name = ? and status = 'PENDING' and due_at <= ? "
                + "order by announced_at", GrantStore::row, workspaceName, Timestamp.from(clock.instant()));
    }

    public List<GrantObject> all(String workspaceName) {
        return jdbc.query("select " + COLUMNS + " from grant_objects where workspace_name = ? order by object_type, object_name",
                GrantStore::row, workspaceName);
    }

    public void applied(GrantObject object, String hash) {
        jdbc.update("update grant_objects set status = 'APPLIED', applied_hash = ?, attempts = 0, last_error = null, applied_at = ? "
                        + "where workspace_name = ? and object_type = ? and object_name = ? and object_id = ?", hash,
                Timestamp.from(clock.instant()), object.workspaceName(), object.type().name(), object.name(), object.id());
    }

    public void retry(GrantObject object, String error, Duration backoff) {
        jdbc.update("update grant_objects set attempts = attempts + 1, last_error = ?, due_at = ? "
                        + "where workspace_name = ? and object_type = ? and object_name = ? and object_id = ?", error,
                Timestamp.from(clock.instant().plus(backoff)), object.workspaceName(), object.type().name(), object.name(), object.id());
    }

    public void failed(GrantObject object, String error) {
        jdbc.update("update grant_objects set status = 'FAILED', last_error = ? "
                        + "where workspace_name = ? and object_type = ? and object_name = ? and object_id = ?", error,
                object.workspaceName(), object.type().name(), object.name(), object.id());
    }

    /** The desired state changed: every object's ACL is set again. */
    public void repend(String workspaceName) {
        jdbc.update("update grant_objects set status = 'PENDING', attempts = 0, due_at = ?, last_error = null where workspace_name = ?",
                Timestamp.from(clock.instant()), workspaceName);
    }

    private static GrantObject row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new GrantObject(rs.getString(1), PermissionObjectType.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8));
    }
}
