package dev.bricklayer.identity.federation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.identity.directory.JsonColumns;

/**
 * The account as identity-service knows it (account scope): each person's account user with the managed account groups
 * it is in ({@code account_users}) and the account groups Bricklayer made or adopted ({@code account_groups}); the people
 * whose account user is still to be converged are {@code lifecycle.PendingAccount}'s.
 */
public class AccountStore {

    /**
     * A person's account user.
     *
     * @param employeeId the HR id
     * @param userId     the account SCIM id (the same in every federated workspace)
     * @param active     whether the user is active
     * @param groups     the managed account groups it is a member of
     * @param adopted    it existed before Bricklayer (made by hand or by Entra ID's sync)
     * @param updatedAt  when this was last changed
     */
    public record AccountUser(String employeeId, String userId, boolean active, SortedSet<String> groups, boolean adopted, Instant updatedAt) {

        public AccountUser {
            groups = groups == null ? new TreeSet<>() : new TreeSet<>(groups);
        }
    }

    private static final String USER = "employee_id, user_id, active, groups::text, adopted, updated_at";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JsonColumns columns;
    private final Clock clock;

    public AccountStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.columns = new JsonColumns(mapper);
        this.clock = clock;
    }

    public Optional<AccountUser> user(String employeeId) {
        return jdbc.query("select " + USER + " from account_users where employee_id = ?", this::row, employeeId).stream().findFirst();
    }

    public Map<String, AccountUser> users(Collection<String> employeeIds) {
        Map<String, AccountUser> users = new HashMap<>();
        if (!employeeIds.isEmpty()) {
            named.query("select " + USER + " from account_users where employee_id in (:ids)", new MapSqlParameterSource("ids", employeeIds),
                    (ResultSet rs) -> {
                        AccountUser user = row(rs, 0);
                        users.put(user.employeeId(), user);
                    });
        }
        return users;
    }

    public void save(AccountUser user) {
        jdbc.update("""
                insert into account_users (employee_id, user_id, active, groups, adopted, updated_at) values (?, ?, ?, ?::jsonb, ?, ?)
                on conflict (employee_id) do update set user_id = excluded.user_id, active = excluded.active, groups = excluded.groups,
                    adopted = excluded.adopted, updated_at = excluded.updated_at
                """, user.employeeId(), user.userId(), user.active(), columns.json(user.groups()), user.adopted(), Timestamp.from(user.updatedAt()));
    }

    /** The account groups Bricklayer knows, their ids by display name. */
    public Map<String, String> groupIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        jdbc.query("select group_name, group_id from account_groups order by group_name", (ResultSet rs) -> {
            ids.put(rs.getString(1), rs.getString(2));
        });
        return ids;
    }

    public void saveGroup(String name, String id, boolean adopted) {
        jdbc.update("""
                insert into account_groups (group_name, group_id, adopted, updated_at) values (?, ?, ?, ?)
                on conflict (group_name) do update set group_id = excluded.group_id, adopted = excluded.adopted, updated_at = excluded.updated_at
                """, name, id, adopted, Timestamp.from(clock.instant()));
    }

    /** The group was deleted by hand: it is made again the next time it is needed. */
    public void forgetGroup(String name) {
        jdbc.update("delete from account_groups where group_name = ?", name);
    }

    private AccountUser row(ResultSet rs, int row) throws SQLException {
        return new AccountUser(rs.getString(1), rs.getString(2), rs.getBoolean(3), columns.names(rs.getString(4)), rs.getBoolean(5),
                rs.getTimestamp(6).toInstant());
    }

}
