package dev.bricklayer.token;

import static dev.bricklayer.token.TestWorkspaces.enforcing;
import static dev.bricklayer.token.TestWorkspaces.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import dev.bricklayer.token.TestWorkspaces.Seeded;
import dev.bricklayer.token.sweep.SweepService;
import dev.bricklayer.token.sweep.SweepStore;

/**
 * A sweep interrupted by a restart — the instance died with a workspace half done, or was shut down in the middle —
 * goes on after the next start with every workspace it had not finished, never sweeps a finished one again, and
 * revokes (DELETE) and announces ({@code TokenRevoked}) each token once.
 */
class SweepResumeTest {

    private static EmulatedAzure azure;
    private static TestWorkspaces workspaces;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(WorkspaceTopics.EVENTS, HrTopics.PEOPLE, TokenTopics.EVENTS, AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)));
        workspaces = new TestWorkspaces(azure);
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    private static ConfigurableApplicationContext tokenService(String database, int parallelism) {
        return TokenServiceInstance.start(azure, database, Map.of("bricklayer.token.sweep-parallelism", String.valueOf(parallelism),
                "bricklayer.token.sweep-poll-interval", "300ms", "bricklayer.token.sweep-stale-after", "2s",
                "bricklayer.work.lease-keep-interval", "500ms"));
    }

    /** Deploys governed workspaces through the running service and waits for their first (empty) sweep. */
    private static List<ReadyWorkspace> governed(ConfigurableApplicationContext app, String... names) {
        List<ReadyWorkspace> ready = new ArrayList<>();
        for (String name : names) {
            ReadyWorkspace ws = azure.deployWorkspace(name);
            app.getBean(EventPublisher.class).publish(WorkspaceTopics.EVENTS, name, ready(ws, enforcing(List.of(), List.of())))
                    .block(Duration.ofSeconds(10));
            ready.add(ws);
        }
        for (String name : names) {
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(TokenEvents.of(name, "TokenSweepCompleted")).isNotEmpty());
            workspaces.seedUser(name, "ivan@contoso.com", true);
        }
        return ready;
    }

    private static JdbcTemplate jdbc(String database) {
        return new JdbcTemplate(new DriverManagerDataSource(database, "postgres", "postgres"));
    }

    private static List<JournalEntry> deletesOf(String tokenId) {
        return azure.bean(Journal.class).find(e -> e.method().equals("DELETE") && e.path().endsWith("/tokens/" + tokenId));
    }

    private static List<JsonNode> revokedEvents(String workspace, String tokenId) {
        return TokenEvents.of(workspace, "TokenRevoked").stream().filter(e -> e.get("tokenId").asText().equals(tokenId)).toList();
    }

    @Test
    void aSweepLeftRunningByADeadInstanceResumesItsUnfinishedWorkspacesAndRevokesEachTokenOnce() {
        String database = EmbeddedPostgres.newDatabase("token_resume");
        Map<String, List<Seeded>> violators = new HashMap<>();
        try (ConfigurableApplicationContext first = tokenService(database, 4)) {
            governed(first, "ws-r1", "ws-r2", "ws-r3");
            for (String name : List.of("ws-r1", "ws-r2", "ws-r3")) {
                violators.put(name, List.of(workspaces.seedToken(name, "ivan@contoso.com", null, Duration.ZERO),
                        workspaces.seedToken(name, "ivan@contoso.com", null, Duration.ZERO)));
                workspaces.seedToken(name, "ivan@contoso.com", Duration.ofDays(30), Duration.ZERO);
            }
        }
        // what a dead instance leaves behind: ws-r1 swept, ws-r2 half done — one revocation recorded and its DELETE
        // through, the instance gone before it wrote that down — and ws-r3 not started
        JdbcTemplate jdbc = jdbc(database);
        String sweepId = "0d1e2a3d-0000-4000-8000-00000000dead";
        jdbc.update("insert into token_service.sweeps (id, trigger, requested_by, status) values (?, 'ON_DEMAND', 'test', 'RUNNING')", sweepId);
        jdbc.update("insert into token_service.sweep_workspaces (sweep_id, workspace, status, scanned, revoked, reported, finished_at) "
                + "values (?, 'ws-r1', 'DONE', 3, 2, 0, now())", sweepId);
        jdbc.update("insert into token_service.sweep_workspaces (sweep_id, workspace, status, claimed_by, attempts, started_at) "
                + "values (?, 'ws-r2', 'RUNNING', 'a-dead-instance', 1, now() - interval '1 hour')", sweepId);
        // the dead instance's lease on ws-r2 expired an hour ago
        jdbc.update("insert into token_service.shedlock (name, lock_until, locked_at, locked_by) values ('sweep:ws-r2', "
                + "timezone('utc', now()) - interval '1 hour', timezone('utc', now()) - interval '2 hours', 'a-dead-instance') "
                + "on conflict (name) do update set lock_until = excluded.lock_until, locked_at = excluded.locked_at, "
                + "locked_by = excluded.locked_by");
        jdbc.update("insert into token_service.sweep_workspaces (sweep_id, workspace, status) values (?, 'ws-r3', 'PENDING')", sweepId);
        Seeded alreadyDeleted = violators.get("ws-r2").get(0);
        jdbc.update("insert into token_service.revocations (workspace, token_id, owner, rule, sweep_id, state) "
                + "values ('ws-r2', ?, 'ivan@contoso.com', 'NO_EXPIRY', ?, 'PENDING')", alreadyDeleted.id(), sweepId);
        workspaces.workspace("ws-r2").tokens().delete(alreadyDeleted.id());
        long listsOfR1 = azure.bean(Journal.class).count(e -> "ws-r1".equals(e.workspace()) && e.path().equals("/api/2.0/token-management/tokens"));

        try (ConfigurableApplicationContext second = tokenService(database, 4)) {
            SweepStore sweeps = second.getBean(SweepStore.class);
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(sweeps.find(sweepId).orElseThrow().status()).isEqualTo("COMPLETED"));

            assertThat(sweeps.find(sweepId).orElseThrow().workspaces()).extracting(SweepStore.WorkspaceSweep::status)
                    .containsExactly("DONE", "DONE", "DONE");
            // ws-r1 was finished: not listed, not swept again; its violators wait for the next sweep
            assertThat(azure.bean(Journal.class).count(e -> "ws-r1".equals(e.workspace())
                    && e.path().equals("/api/2.0/token-management/tokens"))).isEqualTo(listsOfR1);
            assertThat(workspaces.tokenIds("ws-r1")).contains(violators.get("ws-r1").get(0).id(), violators.get("ws-r1").get(1).id());
            // the revocation the dead instance had sent is settled without a second DELETE, and announced once
            assertThat(deletesOf(alreadyDeleted.id())).isEmpty();
            assertThat(revokedEvents("ws-r2", alreadyDeleted.id())).singleElement()
                    .satisfies(e -> assertThat(e.get("sweepId").asText()).isEqualTo(sweepId));
            for (Seeded token : List.of(violators.get("ws-r2").get(1), violators.get("ws-r3").get(0), violators.get("ws-r3").get(1))) {
                assertThat(deletesOf(token.id())).hasSize(1);
                assertThat(revokedEvents(token.id().equals(violators.get("ws-r2").get(1).id()) ? "ws-r2" : "ws-r3", token.id())).hasSize(1);
            }
            assertThat(TokenEvents.of("ws-r2", "TokenSweepCompleted")).filteredOn(e -> e.get("sweepId").asText().equals(sweepId))
                    .singleElement().satisfies(e -> assertThat(e.get("revoked").asInt()).isEqualTo(2));
            assertThat(TokenEvents.of("ws-r1", "TokenSweepCompleted")).noneMatch(e -> e.get("sweepId").asText().equals(sweepId));
        }
    }

    @Test
    void aSweepCutOffByAShutdownGoesOnAfterTheRestartAndRevokesEachTokenOnce() {
        String database = EmbeddedPostgres.newDatabase("token_shutdown");
        List<String> names = List.of("ws-s1", "ws-s2", "ws-s3");
        Map<String, List<String>> violators = new HashMap<>();
        String sweepId;
        try (ConfigurableApplicationContext first = tokenService(database, 1)) {
            governed(first, names.toArray(String[]::new));
            for (String name : names) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ids.add(workspaces.seedToken(name, "ivan@contoso.com", null, Duration.ZERO).id());
                }
                violators.put(name, ids);
            }
            // slow revocations, so that the shutdown comes in the middle of the sweep
            azure.admin("POST", "/admin/faults", Map.of("id", "slow-revocations", "kind", "LATENCY", "surface", "workspace",
                    "method", "DELETE", "pathPattern", "^/api/2.0/token-management/tokens/", "latency", "PT0.4S")).successful();
            sweepId = first.getBean(SweepService.class).start(SweepStore.Trigger.ON_DEMAND, "test", null);
            String id = sweepId;
            await().atMost(Duration.ofSeconds(30)).until(() -> names.stream().mapToLong(name -> TokenEvents.of(name, "TokenRevoked").stream()
                    .filter(e -> e.get("sweepId").asText().equals(id)).count()).sum() >= 2);
        }
        azure.admin("DELETE", "/admin/faults/slow-revocations", null).successful();
        JdbcTemplate jdbc = jdbc(database);
        assertThat(jdbc.queryForObject("select status from token_service.sweeps where id = ?", String.class, sweepId)).isEqualTo("RUNNING");
        int leftAfterShutdown = names.stream().mapToInt(name -> workspaces.tokenIds(name).size()).sum();
        assertThat(leftAfterShutdown).isBetween(1, 10);

        try (ConfigurableApplicationContext second = tokenService(database, 1)) {
            SweepStore sweeps = second.getBean(SweepStore.class);
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(sweeps.find(sweepId).orElseThrow().status()).isEqualTo("COMPLETED"));
            assertThat(sweeps.find(sweepId).orElseThrow().workspaces()).extracting(SweepStore.WorkspaceSweep::status)
                    .containsExactly("DONE", "DONE", "DONE");
        }
        for (String name : names) {
            assertThat(workspaces.tokenIds(name)).isEmpty();
            for (String tokenId : violators.get(name)) {
                assertThat(deletesOf(tokenId)).as("DELETEs of %s", tokenId).hasSize(1);
                assertThat(revokedEvents(name, tokenId)).as("TokenRevoked of %s", tokenId).singleElement()
                        .satisfies(e -> assertThat(e.get("sweepId").asText()).isEqualTo(sweepId));
            }
        }
    }

    @Test
    void twoInstancesShareOneScheduleAndSweepEachWorkspaceOncePerSweep() {
        String database = EmbeddedPostgres.newDatabase("token_schedule");
        Map<String, String> everyThreeSeconds = Map.of("bricklayer.token.sweep-interval", "3s", "bricklayer.token.sweep-poll-interval", "300ms",
                "bricklayer.token.sweep-stale-after", "2s", "bricklayer.work.lease-keep-interval", "500ms");
        try (ConfigurableApplicationContext a = TokenServiceInstance.start(azure, database, everyThreeSeconds);
             ConfigurableApplicationContext b = TokenServiceInstance.start(azure, database, everyThreeSeconds)) {
            governed(a, "ws-t1", "ws-t2");
            JdbcTemplate jdbc = jdbc(database);
            await().atMost(Duration.ofSeconds(40)).until(() -> jdbc.queryForObject(
                    "select count(*) from token_service.sweeps where trigger = 'SCHEDULED' and status = 'COMPLETED'", Integer.class) >= 3);

            List<java.sql.Timestamp> starts = jdbc.queryForList(
                    "select started_at from token_service.sweeps where trigger = 'SCHEDULED' order by started_at", java.sql.Timestamp.class);
            for (int i = 1; i < starts.size(); i++) {
                assertThat(starts.get(i).getTime() - starts.get(i - 1).getTime()).as("scheduled sweeps %d and %d", i - 1, i)
                        .isGreaterThanOrEqualTo(1500);
            }
            // each workspace of each completed scheduled sweep swept once, by one of the two instances
            assertThat(jdbc.queryForList("select w.attempts from token_service.sweep_workspaces w join token_service.sweeps s "
                    + "on s.id = w.sweep_id where s.trigger = 'SCHEDULED' and s.status = 'COMPLETED'", Integer.class)).isNotEmpty().containsOnly(1);
            assertThat(jdbc.queryForList("select distinct w.claimed_by from token_service.sweep_workspaces w join token_service.sweeps s "
                    + "on s.id = w.sweep_id where s.trigger = 'SCHEDULED'", String.class))
                    .isSubsetOf(a.getBean(SweepService.class).instance(), b.getBean(SweepService.class).instance());
        }
    }
}
