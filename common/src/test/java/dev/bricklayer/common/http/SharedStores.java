package dev.bricklayer.common.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.bricklayer.common.http.budget.BudgetSchema;
import dev.bricklayer.common.http.budget.BudgetStore;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * One PostgreSQL database holding the budget schema, and a budget store per simulated instance on it — each with a
 * pool of its own, as separate JVMs would have. A store can be taken down: its connections then fail.
 */
final class SharedStores implements AutoCloseable {

    private final String url;
    private final List<BudgetStore> stores = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();

    SharedStores(String prefix) {
        url = EmbeddedPostgres.newDatabase(prefix);
        HikariDataSource migration = pool();
        BudgetSchema.migrate(migration, "bricklayer_budget");
        migration.close();
    }

    /** A store for one more instance. */
    BudgetStore instance() {
        HikariDataSource pool = pool();
        DataSource failing = new DelegatingDataSource(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                if (down.get()) {
                    throw new SQLException("Connection refused (the test took the budget store down)", "08001");
                }
                return super.getConnection();
            }
        };
        BudgetStore store = BudgetStore.postgres(failing, "bricklayer_budget", 4);
        stores.add(store);
        pools.add(pool);
        return store;
    }

    private HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("postgres");
        pool.setPassword("postgres");
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(1000);
        return pool;
    }

    @Override
    public void close() throws Exception {
        for (BudgetStore store : stores) {
            store.close();
        }
        for (HikariDataSource pool : pools) {
            pool.close();
        }
    }
}
