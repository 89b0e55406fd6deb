package dev.bricklayer.common.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.bricklayer.testsupport.EmbeddedPostgres;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/** Two instances of a service share leases through PostgreSQL: one holder at a time, taken over when it expires. */
class LeasesTest {

    static DataSource dataSource;

    @BeforeAll
    static void database() {
        String url = EmbeddedPostgres.newDatabase("leases");
        dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
        new JdbcTemplate(dataSource).execute("""
                create table shedlock (name text primary key, lock_until timestamp not null, locked_at timestamp not null,
                                       locked_by text not null)""");
    }

    static Leases instance(String name) {
        return new Leases(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).withTableName("shedlock").usingDbTime().build()), name);
    }

    @Test
    void oneInstanceHoldsALeaseUntilItReleasesIt() {
        Leases a = instance("a");
        Leases b = instance("b");

        Optional<Leases.Lease> first = a.acquire("workspace:alpha", Duration.ofMinutes(1));
        assertThat(first).isPresent();
        assertThat(b.acquire("workspace:alpha", Duration.ofMinutes(1))).isEmpty();
        assertThat(a.acquire("workspace:alpha", Duration.ofMinutes(1))).as("not re-entrant").isEmpty();
        assertThat(b.acquire("workspace:beta", Duration.ofMinutes(1))).as("another name is free").isPresent();

        first.get().close();

        assertThat(b.acquire("workspace:alpha", Duration.ofMinutes(1))).isPresent();
    }

    @Test
    void theLeaseOfAnInstanceThatStoppedKeepingItIsTakenOverWhenItExpires() {
        Leases a = instance("a");
        Leases b = instance("b");
        assertThat(a.acquire("workspace:gamma", Duration.ofSeconds(1))).isPresent();

        assertThat(b.acquire("workspace:gamma", Duration.ofSeconds(1))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.acquire("workspace:gamma", Duration.ofMinutes(1)).isPresent());
    }

    @Test
    void aKeptLeaseOutlivesItsDuration() {
        Leases a = instance("a");
        Leases b = instance("b");
        Leases.Lease lease = a.acquire("workspace:delta", Duration.ofSeconds(2)).orElseThrow();
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();

        while (System.nanoTime() < until) {
            a.keepAll();
            assertThat(b.acquire("workspace:delta", Duration.ofSeconds(2))).isEmpty();
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        }
        assertThat(lease.held()).isTrue();
        assertThat(a.held()).isEqualTo(1);
        a.releaseAll();
        assertThat(a.held()).isZero();
        assertThat(b.acquire("workspace:delta", Duration.ofSeconds(2))).isPresent();
    }

    @Test
    void aOncePerPeriodLeaseIsHeldForThePeriodEvenWhenReleasedEarly() {
        Leases a = instance("a");
        Leases b = instance("b");

        a.acquireOncePer("drift:epsilon", Duration.ofSeconds(2)).orElseThrow().close();

        assertThat(b.acquireOncePer("drift:epsilon", Duration.ofSeconds(2))).isEmpty();
        assertThat(a.acquireOncePer("drift:epsilon", Duration.ofSeconds(2))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.acquireOncePer("drift:epsilon", Duration.ofSeconds(2)).isPresent());
    }
}
