package dev.bricklayer.identity.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.bricklayer.servicetest.MovableClock;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/** Marks are due by the service's clock: now when made, after the backoff when their work failed; a newer mark outlives older work. */
class PendingPeopleTest {

    private static JdbcTemplate jdbc;

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T08:00:00Z"));
    private PendingPeople pending;

    @BeforeAll
    static void database() {
        String url = EmbeddedPostgres.newDatabase("identity_pending");
        Flyway.configure().dataSource(url, ServiceTestProperties.DATABASE_USER, ServiceTestProperties.DATABASE_PASSWORD)
                .schemas("identity_service").defaultSchema("identity_service").load().migrate();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url + "&currentSchema=identity_service", ServiceTestProperties.DATABASE_USER,
                ServiceTestProperties.DATABASE_PASSWORD));
        jdbc.update("insert into workspaces (workspace_name, workspace_url, resource_id, desired_state, desired_hash, status, due_at, updated_at) "
                + "values ('ws', 'adb-1.azuredatabricks.net', '/r', '{}', 'h', 'READY', now(), now())");
        jdbc.update("insert into people (employee_id, user_name, status, last_event_type, last_event_at, updated_at) "
                + "values ('E-1', 'e-1@contoso.com', 'ACTIVE', 'UserJoined', now(), now())");
    }

    @BeforeEach
    void clean() {
        jdbc.update("delete from pending_people");
        pending = new PendingPeople(jdbc, clock);
    }

    @Test
    void workThatFailedIsDueAgainWhenTheClockHasPassedItsBackoff() {
        pending.mark("ws", "E-1");
        PendingPeople.Mark mark = pending.due("ws", 10).get(0);

        pending.failed("ws", mark, "429 throttled", Duration.ofSeconds(30));

        assertThat(pending.due("ws", 10)).isEmpty();
        assertThat(pending.anyDue("ws")).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(pending.due("ws", 10)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(pending.due("ws", 10)).singleElement().satisfies(due -> {
            assertThat(due.attempts()).isEqualTo(1);
            assertThat(due.lastError()).isEqualTo("429 throttled");
            assertThat(due.dueAt()).isEqualTo(Instant.parse("2025-01-01T08:00:30Z"));
        });
        assertThat(pending.anyDue("ws")).isTrue();
    }

    @Test
    void aMarkMadeWhileOlderWorkRanOutlivesThatWork() {
        pending.mark("ws", "E-1");
        PendingPeople.Mark working = pending.due("ws", 10).get(0);

        pending.mark("ws", "E-1"); // a newer event for the person
        pending.done("ws", working);

        assertThat(pending.find("ws", "E-1")).get().satisfies(mark -> assertThat(mark.generation()).isEqualTo(working.generation() + 1));
        pending.done("ws", pending.find("ws", "E-1").orElseThrow());
        assertThat(pending.find("ws", "E-1")).isEmpty();
    }
}
