package dev.bricklayer.security.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.security.DesiredStates;
import dev.bricklayer.security.reconcile.PassOutcome.Pass;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.security.state.SecuredWorkspace;
import dev.bricklayer.security.state.SecuredWorkspace.Status;
import dev.bricklayer.security.state.SecuredWorkspaceStore;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * Two instances of security-service on one database (the service's own schema and migrations): a workspace's passes
 * never run on both at once (its lease {@code security:<workspace>}), and a desired state received while another
 * instance's pass holds the workspace is reconciled after that pass — which does not record it as secured.
 */
class WorkspacePassesAcrossInstancesTest {

    private static DataSource database;
    private static SecuredWorkspaceStore store;
    private final List<ThreadPoolTaskExecutor> executors = new ArrayList<>();
    private final List<ThreadPoolTaskScheduler> schedulers = new ArrayList<>();

    /** What every instance's reconciler did: the desired states of the passes, and how many ran at once. */
    private final List<DriftMode> reconciledModes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @BeforeAll
    static void migrate() {
        String url = EmbeddedPostgres.newDatabase("security_passes") + "&currentSchema=security_service";
        Flyway.configure().dataSource(url, "postgres", "postgres").schemas("security_service").defaultSchema("security_service")
                .load().migrate();
        database = new DriverManagerDataSource(url, "postgres", "postgres");
        store = new SecuredWorkspaceStore(new JdbcTemplate(database), JsonMapper.builder().findAndAddModules().build());
    }

    @AfterEach
    void stop() {
        executors.forEach(ThreadPoolTaskExecutor::shutdown);
        schedulers.forEach(ThreadPoolTaskScheduler::shutdown);
    }

    /** A reconciler that records what it did as the real one does (only for the desired state it read). */
    private final class RecordingReconciler extends WorkspaceReconciler {
        RecordingReconciler() {
            super(null, null, null, null);
        }

        @Override
        public PassOutcome reconcile(SecuredWorkspace workspace) {
            return pass(workspace, Pass.RECONCILE, Result.SECURED);
        }

        @Override
        public PassOutcome drift(SecuredWorkspace workspace) {
            return pass(workspace, Pass.DRIFT, Result.IN_SYNC);
        }

        private PassOutcome pass(SecuredWorkspace workspace, Pass pass, Result result) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            reconciledModes.add(workspace.desired().driftMode());
            store.reconciled(workspace, Status.SECURED, null, null, null);
            return new PassOutcome(workspace.name(), pass, result, List.of(), null, Instant.now());
        }
    }

    private WorkspacePasses instance(String name) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(4);
        executor.initialize();
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        executors.add(executor);
        schedulers.add(scheduler);
        return new WorkspacePasses(store, new RecordingReconciler(), new WorkspaceLanes(executor, scheduler), leases(name),
                Duration.ofMinutes(1), Duration.ofSeconds(10), Clock.systemUTC());
    }

    private static Leases leases(String instance) {
        return new Leases(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(database)).withTableName("shedlock").usingDbTime().build()), instance);
    }

    private static WorkspaceReady ready(String workspace, DesiredState state) {
        return new WorkspaceReady(workspace, "req-" + workspace, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/"
                + workspace, "1234", workspace + ".azuredatabricks.net", PricingTier.PREMIUM, state, Instant.now());
    }

    @Test
    void twoInstancesAskedForAPassOverOneWorkspaceAtOnceRunThemOneAfterTheOther() throws Exception {
        store.accept(ready("ws-both", DesiredStates.standard()));
        WorkspacePasses a = instance("security-a");
        WorkspacePasses b = instance("security-b");
        hold = new CountDownLatch(1);

        CompletableFuture<PassOutcome> first = a.onDemand("ws-both").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);
        CompletableFuture<PassOutcome> second = b.onDemand("ws-both").orElseThrow();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> most.get() == 1);
        hold.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).result()).isEqualTo(Result.SECURED);
        assertThat(second.get(10, TimeUnit.SECONDS).result()).isEqualTo(Result.IN_SYNC);
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void aDesiredStateReceivedWhileAnotherInstanceRunsAPassIsReconciledAfterThatPass() {
        store.accept(ready("ws-changed", DesiredStates.standard()));
        SecuredWorkspace before = store.find("ws-changed").orElseThrow();
        store.reconciled(before, Status.SECURED, null, null, null);
        // another instance starts a pass over the workspace as it is now (enforced drift)
        Leases other = leases("security-other");
        Leases.Lease held = other.acquire(WorkspacePasses.LEASE_PREFIX + "ws-changed", Duration.ofMinutes(1)).orElseThrow();
        SecuredWorkspace readByTheOther = store.find("ws-changed").orElseThrow();
        WorkspacePasses here = instance("security-here");

        // meanwhile the desired state changes (drift reported only), and reaches this instance
        CompletableFuture<PassOutcome> asked = here.accept(ready("ws-changed", DesiredStates.withMode(DesiredStates.standard(),
                DriftMode.REPORT, true)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> reconciledModes.isEmpty());
        // the other instance's pass ends: it secured the desired state it read, not the one received since
        assertThat(store.reconciled(readByTheOther, Status.SECURED, null, null, null)).isFalse();
        held.close();
        assertThat(store.find("ws-changed").orElseThrow().status()).isEqualTo(Status.PENDING);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            here.dueWork();
            return store.find("ws-changed").orElseThrow().status() == Status.SECURED;
        });
        assertThat(asked.join().result()).isEqualTo(Result.BUSY);
        assertThat(reconciledModes).containsExactly(DriftMode.REPORT);
    }
}
