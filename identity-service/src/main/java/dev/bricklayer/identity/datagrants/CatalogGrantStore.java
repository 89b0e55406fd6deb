package dev.bricklayer.identity.datagrants;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.identity.directory.JsonColumns;

import dev.bricklayer.identity.rules.Securable;
import dev.bricklayer.identity.rules.SecurableType;

/**
 * The catalogs announced by security-service ({@code catalog_grants}), kept until the rules' grants on them are applied
 * — an announcement that comes before the workspace is ready waits here — and the privileges Bricklayer granted to its
 * groups ({@code data_grants}), per metastore: a catalog is the metastore's, shared by every workspace it is bound to.
 */
public class CatalogGrantStore {

    /** One announced catalog of a workspace. */
    public record CatalogRow(String workspaceName, String catalogName, String metastoreId, String status, String appliedHash,
                             int attempts, java.time.Instant dueAt, String lastError) {
    }

    /** Privileges Bricklayer granted to a principal on a securable. */
    public record Granted(String metastoreId, Securable securable, String principal, SortedSet<String> privileges) {
    }

    private static final String COLUMNS = "workspace_name, catalog_name, metastore_id, status, applied_hash, attempts, due_at, last_error";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonColumns columns;
    private final Clock clock;

    public CatalogGrantStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.columns = new JsonColumns(mapper);
        this.clock = clock;
    }

    /**
     * Records a catalog as due now: a new one, and a known one again — security-service announces a catalog it created,
     * corrected or adopted, so its grants are read and compared again (only drift is changed).
     */
    public void announce(String workspaceName, String catalogName, String metastoreId) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                insert into catalog_grants (workspace_name, catalog_name, metastore_id, status, attempts, due_at, announced_at)
                values (?, ?, ?, 'PENDING', 0, ?, ?)
                on conflict (workspace_name, catalog_name) do update set metastore_id = excluded.metastore_id, status = 'PENDING',
                    attempts = 0, due_at = excluded.due_at, last_error = null, announced_at = excluded.announced_at
                """, workspaceName, catalogName, metastoreId, now, now);
    }

    public List<CatalogRow> catalogs(String workspaceName) {
        return jdbc.query("select " + COLUMNS + " from catalog_grants where workspace_name = ? order by catalog_name", CatalogGrantStore::row,
                workspaceName);
    }

    /** The workspaces a catalog of a metastore is announced in. */
    public List<String> workspacesWith(String metastoreId, String catalogName) {
        return jdbc.queryForList("select workspace_name from catalog_grants where metastore_id = ? and catalog_name = ? order by workspace_name",
                String.class, metastoreId, catalogName);
    }

    public void applied(CatalogRow row, String hash) {
        jdbc.update("update catalog_grants set status = 'APPLIED', applied_hash = ?, attempts = 0, last_error = null, applied_at = ? "
                + "where workspace_name = ? and catalog_name = ?", hash, Timestamp.from(clock.instant()), row.workspaceName(), row.catalogName());
    }

    public void retry(CatalogRow row, String error, Duration backoff) {
        jdbc.update("update catalog_grants set status = 'PENDING', attempts = attempts + 1, last_error = ?, due_at = ? "
                        + "where workspace_name = ? and catalog_name = ?", error, Timestamp.from(clock.instant().plus(backoff)),
                row.workspaceName(), row.catalogName());
    }

    /** Refused for good: kept with the reason until the announcement or the desired grants change. */
    public void failed(CatalogRow row, String error, String hash) {
        jdbc.update("update catalog_grants set status = 'FAILED', last_error = ?, applied_hash = ? where workspace_name = ? and catalog_name = ?",
                error, hash, row.workspaceName(), row.catalogName());
    }

    /**
     * The workspace is gone: its catalogs are forgotten, and the same catalogs of other workspaces are due again (the
     * grants its rules gave may go).
     */
    public void forget(String workspaceName) {
        jdbc.update("""
                update catalog_grants set status = 'PENDING', due_at = ? where workspace_name <> ? and (metastore_id, catalog_name) in
                    (select metastore_id, catalog_name from catalog_grants where workspace_name = ?)
                """, Timestamp.from(clock.instant()), workspaceName, workspaceName);
        jdbc.update("delete from catalog_grants where workspace_name = ?", workspaceName);
    }

    /** What Bricklayer granted on the securables of a catalog, by securable and principal. */
    public Map<Securable, Map<String, SortedSet<String>>> granted(String metastoreId, String catalogName) {
        Map<Securable, Map<String, SortedSet<String>>> granted = new TreeMap<>();
        jdbc.query("select securable_type, full_name, principal, privileges::text from data_grants where metastore_id = ? "
                + "and (full_name = ? or full_name like ?)", (ResultSet rs) -> {
                    Securable securable = new Securable(SecurableType.of(rs.getString(1)), rs.getString(2));
                    granted.computeIfAbsent(securable, s -> new TreeMap<>()).put(rs.getString(3), columns.names(rs.getString(4)));
                }, metastoreId, catalogName, catalogName.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
        return granted;
    }

    /** Records what the managed principals hold on a securable now (none: the row goes). */
    public void granted(String metastoreId, Securable securable, Map<String, ? extends SortedSet<String>> privileges, Collection<String> managed) {
        Timestamp now = Timestamp.from(clock.instant());
        for (String principal : managed) {
            SortedSet<String> held = privileges.get(principal);
            if (held == null || held.isEmpty()) {
                jdbc.update("delete from data_grants where metastore_id = ? and securable_type = ? and full_name = ? and principal = ?",
                        metastoreId, securable.type().wire(), securable.fullName(), principal);
            } else {
                jdbc.update("""
                        insert into data_grants (metastore_id, securable_type, full_name, principal, privileges, updated_at)
                        values (?, ?, ?, ?, ?::jsonb, ?)
                        on conflict (metastore_id, securable_type, full_name, principal) do update set privileges = excluded.privileges,
                            updated_at = excluded.updated_at
                        """, metastoreId, securable.type().wire(), securable.fullName(), principal, columns.json(held), now);
            }
        }
    }

    /** Everything Bricklayer granted to these principals, with the workspaces each securable's catalog is announced in. */
    public List<Granted> grantedTo(Collection<String> principals) {
        if (principals.isEmpty()) {
            return List.of();
        }
        return named.query("select metastore_id, securable_type, full_name, principal, privileges::text from data_grants "
                        + "where principal in (:principals) order by full_name, securable_type, principal",
                new MapSqlParameterSource("principals", principals), (rs, i) -> new Granted(rs.getString(1),
                        new Securable(SecurableType.of(rs.getString(2)), rs.getString(3)), rs.getString(4), columns.names(rs.getString(5))));
    }

    private static CatalogRow row(ResultSet rs, int row) throws SQLException {
        return new CatalogRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getTimestamp(7).toInstant(), rs.getString(8));
    }

}
