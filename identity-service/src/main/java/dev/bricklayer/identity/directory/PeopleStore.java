package dev.bricklayer.identity.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrAttributes;

/** The people projection ({@code people}): the latest applied HR record of every person. */
public class PeopleStore {

    private static final String PERSON = "employee_id, user_name, display_name, given_name, family_name, attributes::text, status, "
            + "last_event_type, last_event_id, last_event_at, effective_date, updated_at, entra_object_id";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper mapper;

    public PeopleStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.mapper = mapper;
    }

    public Optional<Person> find(String employeeId) {
        return jdbc.query("select " + PERSON + " from people where employee_id = ?", this::person, employeeId).stream().findFirst();
    }

    /** The person, locked until the transaction ends: one person's events are applied one after the other. */
    public Optional<Person> lock(String employeeId) {
        return jdbc.query("select " + PERSON + " from people where employee_id = ? for update", this::person, employeeId).stream().findFirst();
    }

    /** Another person with this userName (compared without case), if any. */
    public Optional<String> otherWithUserName(String employeeId, String userName) {
        return jdbc.queryForList("select employee_id from people where lower(user_name) = lower(?) and employee_id <> ?", String.class,
                userName, employeeId).stream().findFirst();
    }

    public Map<String, Person> find(Collection<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Person> people = new HashMap<>();
        named.query("select " + PERSON + " from people where employee_id in (:ids)", new MapSqlParameterSource("ids", employeeIds),
                (ResultSet rs) -> {
                    Person person = person(rs, 0);
                    people.put(person.employeeId(), person);
                });
        return people;
    }

    /** Every active person, one at a time (a back-fill evaluates the rules for each). */
    public void forEachActive(Consumer<Person> action) {
        jdbc.query("select " + PERSON + " from people where status = 'ACTIVE' order by employee_id", (ResultSet rs) -> {
            action.accept(person(rs, 0));
        });
    }

    public void save(Person person) {
        jdbc.update("""
                insert into people (employee_id, user_name, display_name, given_name, family_name, attributes, status, last_event_type,
                                    last_event_id, last_event_at, effective_date, updated_at, entra_object_id)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                on conflict (employee_id) do update set user_name = excluded.user_name, display_name = excluded.display_name,
                    given_name = excluded.given_name, family_name = excluded.family_name, attributes = excluded.attributes,
                    status = excluded.status, last_event_type = excluded.last_event_type, last_event_id = excluded.last_event_id,
                    last_event_at = excluded.last_event_at, effective_date = excluded.effective_date, updated_at = excluded.updated_at,
                    entra_object_id = excluded.entra_object_id
                """, person.employeeId(), person.userName(), person.displayName(), person.givenName(), person.familyName(),
                json(person.attributes()), person.status().name(), person.lastEventType(), person.lastEventId(),
                Timestamp.from(person.lastEventAt()), person.effectiveDate() == null ? null : java.sql.Date.valueOf(person.effectiveDate()),
                Timestamp.from(person.updatedAt()), person.entraObjectId());
    }

    private Person person(ResultSet rs, int row) throws SQLException {
        String attributes = rs.getString(6);
        java.sql.Date effective = rs.getDate(11);
        return new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                attributes == null ? null : read(attributes), Person.Status.valueOf(rs.getString(7)), rs.getString(8),
                rs.getString(9), rs.getTimestamp(10).toInstant(), effective == null ? null : effective.toLocalDate(),
                rs.getTimestamp(12).toInstant(), rs.getString(13));
    }

    private HrAttributes read(String json) {
        try {
            return mapper.readValue(json, HrAttributes.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable HrAttributes", e);
        }
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
