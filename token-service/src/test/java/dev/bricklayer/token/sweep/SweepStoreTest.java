package dev.bricklayer.token.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.bricklayer.token.TokenDatabase;

/** The sweep's books in PostgreSQL, with workspaces finishing at the same moment on separate connections. */
class SweepStoreTest {

    private static HikariDataSource pool;
    private static SweepStore store;

    @BeforeAll
    static void database() {
        pool = TokenDatabase.pool("token_sweep_store", 10);
        store = new SweepStore(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)));
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aSweepWhoseWorkspacesAllFinishAtOnceIsCompleted() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                List<String> workspaces = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    workspaces.add("ws-" + round + "-" + i);
                }
                String sweepId = store.start(SweepStore.Trigger.ON_DEMAND, "test", workspaces);
                workspaces.forEach(workspace -> assertThat(store.take(sweepId, workspace, "instance-a")).isPresent());

                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> finishing = new ArrayList<>();
                for (String workspace : workspaces) {
                    finishing.add(threads.submit(() -> {
                        go.await();
                        store.finished(sweepId, workspace, "DONE", 3, 1, 0, null);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> done : finishing) {
                    done.get(30, TimeUnit.SECONDS);
                }

                assertThat(store.find(sweepId).orElseThrow().status()).as("round " + round).isEqualTo("COMPLETED");
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
