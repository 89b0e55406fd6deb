package dev.bricklayer.identity.federation;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.identity.WorkspacePermission;
import dev.bricklayer.identity.directory.JsonColumns;

/** The account groups assigned to each workspace ({@code group_assignments}), with the permission and entitlements last set. */
public class AssignmentStore {

    /** One group's assignment to a workspace. */
    public record Assignment(String groupName, String groupId, WorkspacePermission permission, SortedSet<String> entitlements) {

        public Assignment {
            entitlements = new TreeSet<>(entitlements);
        }
    }


    private final JdbcTemplate jdbc;
    private final JsonColumns columns;
    private final Clock clock;

    public AssignmentStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.columns = new JsonColumns(mapper);
        this.clock = clock;
    }

    /** The workspace's assignments by group name. */
    public Map<String, Assignment> of(String workspaceName) {
        Map<String, Assignment> assignments = new LinkedHashMap<>();
        jdbc.query("select group_name, group_id, permission, entitlements::text from group_assignments where workspace_name = ? "
                + "order by group_name", (ResultSet rs) -> {
                    assignments.put(rs.getString(1), new Assignment(rs.getString(1), rs.getString(2),
                            WorkspacePermission.valueOf(rs.getString(3)), columns.names(rs.getString(4))));
                }, workspaceName);
        return assignments;
    }

    public void save(String workspaceName, Assignment assignment) {
        jdbc.update("""
                insert into group_assignments (workspace_name, group_name, group_id, permission, entitlements, updated_at)
                values (?, ?, ?, ?, ?::jsonb, ?)
                on conflict (workspace_name, group_name) do update set group_id = excluded.group_id, permission = excluded.permission,
                    entitlements = excluded.entitlements, updated_at = excluded.updated_at
                """, workspaceName, assignment.groupName(), assignment.groupId(), assignment.permission().name(),
                columns.json(assignment.entitlements()), Timestamp.from(clock.instant()));
    }

}
