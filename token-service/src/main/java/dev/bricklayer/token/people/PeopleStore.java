package dev.bricklayer.token.people;

import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code people} table: each person's last HR event that counted. */
public class PeopleStore {

    private final JdbcTemplate jdbc;

    public PeopleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Person> find(String employeeId) {
        return jdbc.query("select employee_id, last_type, occurred_at, has_left from people where employee_id = ?",
                (rs, i) -> new Person(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getBoolean(4)),
                employeeId).stream().findFirst();
    }

    /** Records an event that counted; one dated not after what is recorded already changes nothing. */
    public void record(Person person) {
        jdbc.update("""
                insert into people (employee_id, last_type, occurred_at, has_left) values (?, ?, ?, ?)
                on conflict (employee_id) do update set last_type = excluded.last_type, occurred_at = excluded.occurred_at,
                    has_left = excluded.has_left, updated_at = now()
                where people.occurred_at < excluded.occurred_at""",
                person.employeeId(), person.lastType(), Timestamp.from(person.occurredAt()), person.left());
    }
}
