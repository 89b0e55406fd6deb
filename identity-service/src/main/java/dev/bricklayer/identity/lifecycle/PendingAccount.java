package dev.bricklayer.identity.lifecycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import dev.bricklayer.common.correlation.Correlation;

/**
 * People whose account user (account scope) is still to be converged ({@code pending_account}): one mark per person,
 * whatever the number of workspaces, kept with the reason and a growing pause when the work failed. A mark made due
 * again while its work runs (a newer HR event) outlives that work: it is cleared only as it was read. A person with an
 * account user is marked whenever an HR event of theirs is applied ({@link #markIfInAccount}, in the same transaction),
 * so that a leaver is deactivated in the account even when no workspace is left; others are marked by the account-scope
 * workspaces that find their account not yet as the rules want it.
 */
public class PendingAccount {

    /** A person whose account user is to be converged. */
    public record Mark(String employeeId, int attempts, Instant dueAt, String lastError, String correlationId) {
    }

    private static final String MARK = "employee_id, attempts, due_at, last_error, correlation_id";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;

    public PendingAccount(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.clock = clock;
    }

    /** Marks people as due now; a mark already there (maybe waiting after a failure) stays as it is. */
    public void mark(Collection<String> employeeIds) {
        Timestamp now = Timestamp.from(clock.instant());
        String correlationId = Correlation.current();
        jdbc.batchUpdate("insert into pending_account (employee_id, due_at, attempts, correlation_id) values (?, ?, 0, ?) "
                + "on conflict (employee_id) do nothing", employeeIds.stream().map(id -> new Object[] {id, now, correlationId}).toList());
    }

    /** Marks the person as due now when they have an account user; a mark already there is made due now. */
    public void markIfInAccount(String employeeId) {
        jdbc.update("""
                insert into pending_account (employee_id, due_at, attempts, correlation_id)
                select ?, ?, 0, ? where exists (select 1 from account_users where employee_id = ?)
                on conflict (employee_id) do update set due_at = excluded.due_at, attempts = 0, last_error = null,
                    correlation_id = excluded.correlation_id
                """, employeeId, Timestamp.from(clock.instant()), Correlation.current(), employeeId);
    }

    /** Of these people, those with a mark (due or waiting). */
    public Set<String> marked(Collection<String> employeeIds) {
        Set<String> marked = new HashSet<>();
        if (!employeeIds.isEmpty()) {
            marked.addAll(named.queryForList("select employee_id from pending_account where employee_id in (:ids)",
                    new MapSqlParameterSource("ids", employeeIds), String.class));
        }
        return marked;
    }

    public Optional<Mark> find(String employeeId) {
        return jdbc.query("select " + MARK + " from pending_account where employee_id = ?", PendingAccount::mark, employeeId).stream().findFirst();
    }

    /** Up to {@code limit} marks due now, the longest waiting first. */
    public List<Mark> due(int limit) {
        return jdbc.query("select " + MARK + " from pending_account where due_at <= ? order by due_at, employee_id limit ?", PendingAccount::mark,
                Timestamp.from(clock.instant()), limit);
    }

    public boolean anyDue() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from pending_account where due_at <= ?)", Boolean.class,
                Timestamp.from(clock.instant())));
    }

    /** The work of {@code mark} is done: the mark goes, unless an HR event marked the person again meanwhile. */
    public void done(Mark mark) {
        jdbc.update("delete from pending_account where employee_id = ? and due_at = ?", mark.employeeId(), Timestamp.from(mark.dueAt()));
    }

    /** The work failed: try again after {@code backoff}, keeping the reason. */
    public void failed(Mark mark, String error, Duration backoff) {
        jdbc.update("update pending_account set attempts = attempts + 1, last_error = ?, due_at = ? where employee_id = ? and due_at = ?",
                error, Timestamp.from(clock.instant().plus(backoff)), mark.employeeId(), Timestamp.from(mark.dueAt()));
    }

    private static Mark mark(ResultSet rs, int row) throws SQLException {
        return new Mark(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5));
    }
}
