package dev.bricklayer.identity.lifecycle;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.bricklayer.common.correlation.Correlation;

/**
 * People whose access in a workspace is still to be converged ({@code pending_people}). Marking a person again
 * raises the generation, so finishing work started on an older mark leaves the newer one in place.
 */
public class PendingPeople {

    /** One mark. */
    public record Mark(String employeeId, long generation, int attempts, Instant dueAt, String lastError, String correlationId) {
    }

    private static final String COLUMNS = "employee_id, generation, attempts, due_at, last_error, correlation_id";
    private static final String UPSERT = """
            insert into pending_people (workspace_name, employee_id, generation, due_at, attempts, correlation_id) values (?, ?, 1, ?, 0, ?)
            on conflict (workspace_name, employee_id) do update set generation = pending_people.generation + 1,
                due_at = excluded.due_at, attempts = 0, last_error = null, correlation_id = excluded.correlation_id
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    /** @param clock decides when a mark is due: now when made, after a growing pause when its work failed */
    public PendingPeople(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Marks a person in a workspace as due now. */
    public void mark(String workspaceName, String employeeId) {
        jdbc.update(UPSERT, workspaceName, employeeId, Timestamp.from(clock.instant()), Correlation.current());
    }

    public void markAll(String workspaceName, Collection<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        String correlationId = Correlation.current();
        jdbc.batchUpdate(UPSERT, employeeIds.stream().map(id -> new Object[] {workspaceName, id, now, correlationId}).toList());
    }

    /** Up to {@code limit} people due now, the longest waiting first. */
    public List<Mark> due(String workspaceName, int limit) {
        return jdbc.query("select " + COLUMNS + " from pending_people "
                        + "where workspace_name = ? and due_at <= ? order by due_at, employee_id limit ?",
                PendingPeople::mark,
                workspaceName, Timestamp.from(clock.instant()), limit);
    }

    public boolean anyDue(String workspaceName) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from pending_people where workspace_name = ? and due_at <= ?)",
                Boolean.class, workspaceName, Timestamp.from(clock.instant())));
    }

    public Optional<Mark> find(String workspaceName, String employeeId) {
        return jdbc.query("select " + COLUMNS + " from pending_people "
                        + "where workspace_name = ? and employee_id = ?",
                PendingPeople::mark,
                workspaceName, employeeId).stream().findFirst();
    }

    /** The work of {@code mark} is done: the mark goes, unless a newer event marked the person again meanwhile. */
    public void done(String workspaceName, Mark mark) {
        jdbc.update("delete from pending_people where workspace_name = ? and employee_id = ? and generation = ?", workspaceName,
                mark.employeeId(), mark.generation());
    }

    /** The work failed: try again after {@code backoff}, keeping the reason. */
    public void failed(String workspaceName, Mark mark, String error, Duration backoff) {
        Instant now = clock.instant();
        jdbc.update("update pending_people set attempts = attempts + 1, last_error = ?, due_at = ? where workspace_name = ? "
                        + "and employee_id = ? and generation = ?", error, Timestamp.from(now.plus(backoff)), workspaceName,
                mark.employeeId(), mark.generation());
    }

    private static Mark mark(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Mark(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6));
    }
}
