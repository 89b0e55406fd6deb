package dev.bricklayer.identity.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What is provisioned for whom where ({@code access}): one row per person and workspace they ever had access to. */
public class AccessStore {

    private static final String ACCESS = "employee_id, workspace_name, scim_user_id, active, groups::text, entitlements::text, adopted, updated_at";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonColumns columns;

    public AccessStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.columns = new JsonColumns(mapper);
    }

    public List<PersonAccess> accessOf(String employeeId) {
        return jdbc.query("select " + ACCESS + " from access where employee_id = ? order by workspace_name", this::access, employeeId);
    }

    public Map<String, PersonAccess> accessIn(String workspaceName, Collection<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            return Map.of();
        }
        Map<String, PersonAccess> rows = new HashMap<>();
        named.query("select " + ACCESS + " from access where workspace_name = :ws and employee_id in (:ids)",
                new MapSqlParameterSource("ws", workspaceName).addValue("ids", employeeIds), (ResultSet rs) -> {
                    PersonAccess access = access(rs, 0);
                    rows.put(access.employeeId(), access);
                });
        return rows;
    }

    /** Employees with access rows in a workspace (active or not). */
    public List<String> employeesWithAccessIn(String workspaceName) {
        return jdbc.queryForList("select employee_id from access where workspace_name = ?", String.class, workspaceName);
    }

    public int countActiveIn(String workspaceName) {
        Integer count = jdbc.queryForObject("select count(*) from access where workspace_name = ? and active", Integer.class, workspaceName);
        return count == null ? 0 : count;
    }

    public void save(PersonAccess access) {
        jdbc.update("""
                insert into access (employee_id, workspace_name, scim_user_id, active, groups, entitlements, adopted, updated_at)
                values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
                on conflict (employee_id, workspace_name) do update set scim_user_id = excluded.scim_user_id, active = excluded.active,
                    groups = excluded.groups, entitlements = excluded.entitlements, adopted = excluded.adopted, updated_at = excluded.updated_at
                """, access.employeeId(), access.workspaceName(), access.scimUserId(), access.active(), columns.json(access.groups()),
                columns.json(access.entitlements()), access.adopted(), Timestamp.from(access.updatedAt()));
    }

    private PersonAccess access(ResultSet rs, int row) throws SQLException {
        return new PersonAccess(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), columns.names(rs.getString(5)),
                columns.names(rs.getString(6)), rs.getBoolean(7), rs.getTimestamp(8).toInstant());
    }

}
