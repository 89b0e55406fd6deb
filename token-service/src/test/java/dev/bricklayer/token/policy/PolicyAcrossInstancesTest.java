package dev.bricklayer.token.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.token.TokenDatabase;
import dev.bricklayer.token.sweep.SweepService;
import dev.bricklayer.token.sweep.SweepStore;
import dev.bricklayer.token.workspace.ManagedWorkspace.PolicyStatus;
import dev.bricklayer.token.workspace.WorkspaceStore;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import reactor.core.publisher.Mono;

/**
 * Two instances of token-service on one database (the service's own schema and migrations) and one workspace: the
 * newest token policy is the one the workspace keeps, whichever instance records or writes which.
 */
class PolicyAcrossInstancesTest {

    private static HikariDataSource pool;
    private static WorkspaceStore store;
    private final List<ThreadPoolTaskExecutor> executors = new ArrayList<>();
    private final List<ThreadPoolTaskScheduler> schedulers = new ArrayList<>();

    /** The workspace's settings, and every write made to its maximum token lifetime, in order. */
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final List<String> lifetimesWritten = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch writingThirty = new CountDownLatch(1);
    private final CountDownLatch thirtyMayEnd = new CountDownLatch(1);

    @BeforeAll
    static void database() {
        pool = TokenDatabase.pool("token_policy_replicas", 8);
        store = new WorkspaceStore(new JdbcTemplate(pool), JsonMapper.builder().findAndAddModules().build());
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @AfterEach
    void stop() {
        executors.forEach(ThreadPoolTaskExecutor::shutdown);
        schedulers.forEach(ThreadPoolTaskScheduler::shutdown);
    }

    /** workspace-conf of the one workspace: a write of 30 days waits until the test lets it end. */
    private final class Conf extends WorkspaceConfClient {
        Conf() {
            super(target -> null);
        }

        @Override
        public Mono<Map<String, String>> get(WorkspaceTarget workspace, java.util.Collection<String> keys) {
            return Mono.fromSupplier(() -> Map.copyOf(settings));
        }

        @Override
        public Mono<Void> patch(WorkspaceTarget workspace, Map<String, String> values) {
            return Mono.fromRunnable(() -> {
                String lifetime = values.get(MAX_TOKEN_LIFETIME_DAYS);
                if ("30".equals(lifetime)) {
                    writingThirty.countDown();
                    try {
                        thirtyMayEnd.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (lifetime != null) {
                    lifetimesWritten.add(lifetime);
                }
                settings.putAll(values);
            });
        }
    }

    private static final class NoPermissions extends TokenPermissionsReconciler {
        NoPermissions() {
            super(null, null, null, Duration.ZERO, Duration.ZERO, Duration.ZERO, "test");
        }

        @Override
        public Outcome reconcile(WorkspaceTarget workspace, TokenPolicy policy) {
            return null;
        }
    }

    private static final class NoSweeps extends SweepService {
        NoSweeps() {
            super(null, null, null, null, null, null);
        }

        @Override
        public String start(SweepStore.Trigger trigger, String requestedBy, String workspace) {
            return "no-sweep";
        }
    }

    private static final class NoEvents implements EventPublisher {
        @Override
        public Mono<Void> publish(String topic, String key, Object payload) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> deadLetter(String topic, String key, byte[] body, Map<String, String> headers, String reason) {
            return Mono.empty();
        }
    }

    private TokenPolicyApplier instance(String name) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(2);
        executor.initialize();
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        executors.add(executor);
        schedulers.add(scheduler);
        Leases leases = new Leases(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(pool)).withTableName("shedlock").usingDbTime().build()), name);
        return new TokenPolicyApplier(store, new Conf(), new NoPermissions(), new NoSweeps(), new NoEvents(),
                new WorkspaceLanes(executor, scheduler), leases, Duration.ofMinutes(1), Clock.systemUTC());
    }

    private static WorkspaceReady ready(String workspace, int maxLifetimeDays, Instant at) {
        DesiredState state = new DesiredState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                new TokenPolicy(maxLifetimeDays, List.of(), List.of(), List.of(), 7), DriftMode.ENFORCE, true);
        return new WorkspaceReady(workspace, "req-" + maxLifetimeDays, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/"
                + "workspaces/" + workspace, "1234", workspace + ".azuredatabricks.net", PricingTier.PREMIUM, state, at);
    }

    @Test
    void aPolicyRecordedWhileAnotherInstanceWritesAnOlderOneIsWrittenAfterIt() throws Exception {
        TokenPolicyApplier a = instance("token-a");
        TokenPolicyApplier b = instance("token-b");
        Instant t0 = Instant.now();

        a.onReady(ready("ws-policy", 30, t0));
        assertThat(writingThirty.await(10, TimeUnit.SECONDS)).isTrue();
        b.onReady(ready("ws-policy", 7, t0.plusSeconds(1)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !lifetimesWritten.contains("7"));
        thirtyMayEnd.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> lifetimesWritten.contains("30"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> store.find("ws-policy").orElseThrow().policyStatus() == PolicyStatus.PENDING);

        // the periodic look for pending policies (policy-poll-interval), on either instance
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            b.resumePending();
            return store.find("ws-policy").orElseThrow().policyStatus() == PolicyStatus.APPLIED;
        });
        assertThat(lifetimesWritten).containsExactly("30", "7");
        assertThat(settings).containsEntry(WorkspaceConfClient.MAX_TOKEN_LIFETIME_DAYS, "7");
        assertThat(store.find("ws-policy").orElseThrow().tokenPolicy().maxLifetimeDays()).isEqualTo(7);
    }

    @Test
    void aWorkspaceReadyOlderThanTheOneRecordedChangesNothing() {
        Instant t0 = Instant.now();
        TokenPolicy newer = new TokenPolicy(7, List.of(), List.of(), List.of(), 7);
        TokenPolicy older = new TokenPolicy(90, List.of(), List.of(), List.of(), 7);
        String url = "ws-late.azuredatabricks.net";
        String id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws-late";

        assertThat(store.record("ws-late", url, id, newer, t0.plusSeconds(5))).isEqualTo(WorkspaceStore.Change.NEW);
        assertThat(store.record("ws-late", url, id, older, t0)).isEqualTo(WorkspaceStore.Change.STALE);

        assertThat(store.find("ws-late").orElseThrow().tokenPolicy()).isEqualTo(newer);
    }
}
