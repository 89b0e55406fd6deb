package dev.bricklayer.security.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.bricklayer.common.work.Leases;
import dev.bricklayer.security.SecuredWorkspaces;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * Two instances of security-service on one database (the service's own schema and migrations): between them, each
 * workspace gets one drift pass per interval, however often either runs a round.
 */
class DriftScheduleAcrossInstancesTest {

    private static DataSource database;

    @BeforeAll
    static void migrate() {
        String url = EmbeddedPostgres.newDatabase("security_drift") + "&currentSchema=security_service";
        Flyway.configure().dataSource(url, "postgres", "postgres").schemas("security_service").defaultSchema("security_service")
                .load().migrate();
        database = new DriverManagerDataSource(url, "postgres", "postgres");
    }

    /** One instance: its own leases (named after it) and its own passes over the workspaces both instances store. */
    private record Instance(DriftSchedule schedule, CountingPasses passes) {

        static Instance of(String name, Duration interval, List<SecuredWorkspace> stored) {
            Leases leases = new Leases(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                    .withJdbcTemplate(new JdbcTemplate(database)).withTableName("shedlock").usingDbTime().build()), name);
            CountingPasses passes = new CountingPasses(() -> stored);
            return new Instance(new DriftSchedule(passes, leases, interval), passes);
        }

        int ran(String workspace) {
            return passes.ran(workspace);
        }
    }

    private static int together(String workspace, Instance a, Instance b) {
        return a.ran(workspace) + b.ran(workspace);
    }

    @Test
    void twoInstancesRunOnePassPerWorkspacePerIntervalBetweenThem() {
        List<SecuredWorkspace> stored = List.of(SecuredWorkspaces.of("ws-one", Status.SECURED),
                SecuredWorkspaces.of("ws-two", Status.RETRYING), SecuredWorkspaces.of("ws-three", Status.SECURED),
                SecuredWorkspaces.of("ws-refused", Status.REFUSED));
        Instance a = Instance.of("security-a", Duration.ofHours(1), stored);
        Instance b = Instance.of("security-b", Duration.ofHours(1), stored);

        for (int round = 0; round < 5; round++) {
            a.schedule().round();
            b.schedule().round();
        }

        for (String workspace : List.of("ws-one", "ws-two", "ws-three")) {
            assertThat(together(workspace, a, b)).as("passes over %s", workspace).isEqualTo(1);
        }
        assertThat(together("ws-refused", a, b)).isZero();
    }

    @Test
    void theNextIntervalGivesEachWorkspaceItsNextPassOnWhicheverInstanceComesFirst() {
        List<SecuredWorkspace> stored = List.of(SecuredWorkspaces.of("ws-next-1", Status.SECURED),
                SecuredWorkspaces.of("ws-next-2", Status.SECURED));
        Instance a = Instance.of("security-a", Duration.ofSeconds(1), stored);
        Instance b = Instance.of("security-b", Duration.ofSeconds(1), stored);
        a.schedule().round();
        b.schedule().round();
        assertThat(together("ws-next-1", a, b)).isEqualTo(1);
        assertThat(together("ws-next-2", a, b)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            b.schedule().round();
            a.schedule().round();
            return together("ws-next-1", a, b) >= 2 && together("ws-next-2", a, b) >= 2;
        });
    }
}
