package dev.bricklayer.e2e;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.bricklayer.common.http.HttpStackProperties;
import dev.bricklayer.common.http.budget.Budget;
import dev.bricklayer.common.http.budget.BudgetStore;
import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.http.budget.CallPriority;

/**
 * What one permit costs: a budget far above what is asked (so nobody waits for tokens) on the platform's PostgreSQL,
 * {@code count} permits one after the other over one connection, each one Bucket4j command (three round trips:
 * {@code SELECT … FOR UPDATE}, {@code UPDATE}, {@code COMMIT}) — mean and p99 from asking to having it.
 */
final class PermitCost {

    private PermitCost() {
    }

    static String measure(String jdbcUrl, int count) {
        SingleConnectionDataSource connection = new SingleConnectionDataSource(jdbcUrl, "bricklayer", "bricklayer", true);
        // the old fixed shares' services keep no budget in PostgreSQL, so they made no budget schema: the table as V1 has it
        new JdbcTemplate(connection).execute("create schema if not exists bricklayer_budget; create table if not exists "
                + "bricklayer_budget.buckets (id varchar(255) primary key, state bytea)");
        HttpStackProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "bricklayer.http.workspace-budget-per-second", "1000000", "bricklayer.http.budget.minimum-per-second", "0")))
                .bindOrCreate("bricklayer.http", HttpStackProperties.class);
        try (Budgets budgets = new Budgets(properties, BudgetStore.postgres(connection, "bricklayer_budget", 1), Clock.systemUTC())) {
            Budget budget = budgets.workspace("permit-cost.benchmark:443");
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < count + 20; i++) {
                long start = System.nanoTime();
                budget.acquire(CallPriority.LIFECYCLE).block(Duration.ofSeconds(10));
                if (i >= 20) { // the first ones warm the connection and the JIT
                    micros.add((System.nanoTime() - start) / 1000);
                }
            }
            micros.sort(Long::compare);
            double mean = micros.stream().mapToLong(Long::longValue).average().orElse(0);
            return String.format("%.1f / %.1f", mean / 1000, micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0);
        } finally {
            connection.destroy();
        }
    }
}
