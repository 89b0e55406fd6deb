package dev.bricklayer.token;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static dev.bricklayer.servicetest.EmulatedAzure.PLATFORM_TEAM;
import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static dev.bricklayer.servicetest.HrPeople.joined;
import static dev.bricklayer.servicetest.HrPeople.left;
import static dev.bricklayer.token.TestWorkspaces.enforcing;
import static dev.bricklayer.token.TestWorkspaces.ready;
import static dev.bricklayer.token.TestWorkspaces.reportOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.AclStore;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import dev.bricklayer.token.TestWorkspaces.Seeded;
import dev.bricklayer.token.people.PeopleStore;

/**
 * token-service as it runs — Kafka bindings, PostgreSQL, the common HTTP stack — against emulated workspaces
 * deployed through the emulator's ARM API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the class: a cached instance would stay in consumer group token-service and take the workspace events
// the other test classes' instances wait for
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenServiceApplicationTest {

    static final Duration DAY = Duration.ofDays(1);
    static final Pattern TOKEN_VALUE = Pattern.compile("dapi[0-9a-f]{32}");

    private static EmulatedAzure azure;
    private static TestWorkspaces workspaces;
    /** Every token value the tests got hold of: none may appear in an event or a log line. */
    private static final List<String> VALUES = new ArrayList<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(WorkspaceTopics.EVENTS, HrTopics.PEOPLE, TokenTopics.EVENTS, AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)));
        workspaces = new TestWorkspaces(azure);
        ServiceTestProperties.register(registry, azure, EmbeddedPostgres.newDatabase("token_app"));
        registry.add("bricklayer.http.retry.initial-backoff", () -> "100ms");
        registry.add("bricklayer.token.principal-wait", () -> "8s");
        registry.add("bricklayer.token.principal-wait-first-pause", () -> "500ms");
        registry.add("bricklayer.token.sweep-poll-interval", () -> "500ms");
        registry.add("bricklayer.token.sweep-stale-after", () -> "3s");
        registry.add("bricklayer.work.lease-keep-interval", () -> "1s");
        registry.add("spring.cloud.stream.bindings.hrEvents-in-0.consumer.back-off-initial-interval", () -> "100");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @Autowired
    EventPublisher publisher;
    @Autowired
    WebTestClient web;
    @Autowired
    PeopleStore people;

    private static String operator() {
        return azure.bearer(PLATFORM_TEAM, List.of("Tokens.Operate", "Tokens.Read"));
    }

    private static List<JournalEntry> calls(String workspace, String method, String pathPrefix) {
        return azure.bean(Journal.class).find(e -> workspace.equals(e.workspace()) && e.method().equals(method)
                && e.path().startsWith(pathPrefix));
    }

    private static Seeded seed(String workspace, String user, Duration lifetime, Duration createdAgo) {
        Seeded token = workspaces.seedToken(workspace, user, lifetime, createdAgo);
        synchronized (VALUES) {
            VALUES.add(token.value());
        }
        return token;
    }

    private void publishReady(WorkspaceReady ready) {
        publisher.publish(WorkspaceTopics.EVENTS, ready.workspaceName(), ready).block(Duration.ofSeconds(10));
    }

    private static JsonNode awaitOne(String workspace, String type) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(TokenEvents.of(workspace, type)).isNotEmpty());
        return TokenEvents.of(workspace, type).get(0);
    }

    private static JsonNode awaitSweep(String workspace, int count) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(TokenEvents.of(workspace, "TokenSweepCompleted")).hasSize(count));
        return TokenEvents.of(workspace, "TokenSweepCompleted").get(count - 1);
    }

    /** Starts an on-demand sweep of one workspace over REST and waits for it to complete; answers its progress. */
    private JsonNode sweepOverRest(String workspace) {
        JsonNode started = web.post().uri("/api/v1/tokens/sweeps").header("Authorization", operator())
                .bodyValue(Map.of("workspace", workspace)).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = started.get("sweepId").asText();
        JsonNode[] progress = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            progress[0] = web.get().uri("/api/v1/tokens/sweeps/" + id).header("Authorization", operator()).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(progress[0].get("status").asText()).isEqualTo("COMPLETED");
        });
        return progress[0];
    }

    @Test
    @Order(1)
    void thePolicyIsAppliedWithABootstrapTokenAndThenEnforcedByTheWorkspace() {
        ReadyWorkspace ws = azure.deployWorkspace("ws-policy");
        workspaces.seedUser("ws-policy", "eng@contoso.com", true, "data-engineers");
        workspaces.seedUser("ws-policy", "analyst@contoso.com", true);
        assertThat(workspaces.tokenIds("ws-policy")).isEmpty(); // a new workspace: token permissions do not exist yet

        WorkspaceReady ready = ready(ws, enforcing(List.of("data-engineers"), List.of()));
        publishReady(ready);

        JsonNode applied = awaitOne("ws-policy", "TokenPolicyApplied");
        assertThat(applied.get("maxLifetimeDays").asInt()).isEqualTo(90);
        assertThat(applied.get("canUseGroups").toString()).isEqualTo("[\"data-engineers\"]");
        assertThat(workspaces.workspace("ws-policy").conf()).containsEntry("enableTokensConfig", "true")
                .containsEntry("maxTokenLifetimeDays", "90");
        // common's WorkspaceConfClient: one read of both keys, the comma as it is (Databricks and the emulator decode both forms)
        assertThat(calls("ws-policy", "GET", "/api/2.0/workspace-conf")).extracting(JournalEntry::query)
                .containsExactly("keys=enableTokensConfig,maxTokenLifetimeDays");
        // exactly the listed group may use tokens: the users group's default CAN_USE is gone
        assertThat(workspaces.workspace("ws-policy").store(AclStore.class, AclStore::new).direct("/authorization/tokens"))
                .isEqualTo(Map.of("group:data-engineers", "CAN_USE"));
        // the workspace held no token, so the platform principal made one for the while and deleted it again
        assertThat(calls("ws-policy", "GET", "/api/2.0/permissions/authorization/tokens")).extracting(JournalEntry::status).startsWith(404);
        assertThat(calls("ws-policy", "POST", "/api/2.0/token/create")).singleElement()
                .satisfies(call -> assertThat(call.principal()).isEqualTo(EmulatedAzure.CLIENT_ID));
        assertThat(calls("ws-policy", "POST", "/api/2.0/token/delete")).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(calls("ws-policy", "PUT", "/api/2.0/permissions/authorization/tokens")).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(workspaces.tokenIds("ws-policy")).isEmpty();
        // and the workspace was swept right after
        JsonNode firstSweep = awaitSweep("ws-policy", 1);
        assertThat(firstSweep.get("scanned").asInt()).isZero();

        // enforced by the workspace: a token beyond 90 days is refused, a member may make one, an outsider may not
        Seeded engineer = seed("ws-policy", "eng@contoso.com", Duration.ofHours(1), Duration.ZERO);
        Seeded analyst = seed("ws-policy", "analyst@contoso.com", Duration.ofHours(1), Duration.ZERO);
        TestWorkspaces.Answer tooLong = workspaces.callAs(ws, "eng@contoso.com", engineer, "/api/2.0/token/create",
                Map.of("lifetime_seconds", 91 * 86_400, "comment", "too long"));
        TestWorkspaces.Answer allowed = workspaces.callAs(ws, "eng@contoso.com", engineer, "/api/2.0/token/create",
                Map.of("lifetime_seconds", 30 * 86_400, "comment", "monthly"));
        TestWorkspaces.Answer refused = workspaces.callAs(ws, "analyst@contoso.com", analyst, "/api/2.0/token/create",
                Map.of("lifetime_seconds", 86_400, "comment", "mine"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(allowed.status()).isEqualTo(200);
        VALUES.add(allowed.body().get("token_value").asText());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("PERMISSION_DENIED");

        // the same WorkspaceReady again: nothing is written, nothing announced twice
        publishReady(ready);
        TokenEvents.awaitConsumed("token-service", WorkspaceTopics.EVENTS, Duration.ofSeconds(30));
        assertThat(TokenEvents.of("ws-policy", "TokenPolicyApplied")).hasSize(1);
        assertThat(calls("ws-policy", "PATCH", "/api/2.0/workspace-conf")).hasSize(2);
        assertThat(calls("ws-policy", "PUT", "/api/2.0/permissions")).hasSize(1);

        // a changed policy is applied: read first, only the lifetime written
        publishReady(ready(ws, new dev.bricklayer.common.events.workspace.TokenPolicy(30, List.of("data-engineers"), List.of(),
                enforcing(List.of(), List.of()).sweepRules(), 7)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TokenEvents.of("ws-policy", "TokenPolicyApplied")).hasSize(2));
        assertThat(workspaces.workspace("ws-policy").conf()).containsEntry("maxTokenLifetimeDays", "30");
        assertThat(calls("ws-policy", "PATCH", "/api/2.0/workspace-conf")).hasSize(3);
        assertThat(calls("ws-policy", "PUT", "/api/2.0/permissions")).hasSize(1);
    }

    @Test
    @Order(2)
    void aGroupThatAppearsLaterIsWaitedForAndOneThatNeverDoesFailsThePolicyNamingIt() {
        ReadyWorkspace late = azure.deployWorkspace("ws-late-group");
        ReadyWorkspace never = azure.deployWorkspace("ws-no-group");
        publishReady(ready(late, enforcing(List.of("late-engineers"), List.of())));
        publishReady(ready(never, enforcing(List.of("ghost-engineers"), List.of())));

        // identity-service is slower than us: the group appears only after the service found it missing
        await().atMost(Duration.ofSeconds(30)).until(() -> calls("ws-late-group", "PUT", "/api/2.0/permissions/authorization/tokens")
                .stream().anyMatch(call -> call.status() == 400));
        workspaces.createGroup(late, "late-engineers");

        JsonNode applied = awaitOne("ws-late-group", "TokenPolicyApplied");
        assertThat(applied.get("canUseGroups").toString()).isEqualTo("[\"late-engineers\"]");
        assertThat(workspaces.workspace("ws-late-group").store(AclStore.class, AclStore::new).direct("/authorization/tokens"))
                .isEqualTo(Map.of("group:late-engineers", "CAN_USE"));
        assertThat(calls("ws-late-group", "PUT", "/api/2.0/permissions/authorization/tokens")).extracting(JournalEntry::status)
                .contains(400).last().isEqualTo(200);

        JsonNode failed = awaitOne("ws-no-group", "TokenPolicyFailed");
        assertThat(failed.get("step").asText()).isEqualTo("token-permissions");
        assertThat(failed.get("errorCode").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(failed.get("message").asText()).contains("group ghost-engineers does not exist").contains("after waiting PT8S");
        assertThat(TokenEvents.of("ws-no-group", "TokenPolicyApplied")).isEmpty();
        // the bootstrap token is gone after the failure too
        assertThat(workspaces.tokenIds("ws-no-group")).isEmpty();
    }

    @Test
    @Order(3)
    void aSweepRevokesExactlyTheViolatorsAndReportsTheNearExpiryOnes() {
        ReadyWorkspace ws = azure.deployWorkspace("ws-sweep");
        publishReady(ready(ws, enforcing(List.of("data-engineers"), List.of())));
        workspaces.createGroup(ws, "data-engineers");
        awaitSweep("ws-sweep", 1);
        workspaces.seedUser("ws-sweep", "alice@contoso.com", true, "data-engineers");
        workspaces.seedUser("ws-sweep", "bob@contoso.com", false);
        workspaces.seedUser("ws-sweep", "carol@contoso.com", true);
        Seeded forever = seed("ws-sweep", "alice@contoso.com", null, Duration.ZERO);
        Seeded tooLong = seed("ws-sweep", "alice@contoso.com", Duration.ofDays(200), DAY);
        Seeded fine = seed("ws-sweep", "alice@contoso.com", Duration.ofDays(30), Duration.ZERO);
        Seeded nearExpiry = seed("ws-sweep", "alice@contoso.com", Duration.ofDays(3), Duration.ZERO);
        Seeded inactiveOwner = seed("ws-sweep", "bob@contoso.com", Duration.ofDays(30), Duration.ZERO);
        Seeded goneOwner = seed("ws-sweep", "carol@contoso.com", Duration.ofDays(30), Duration.ZERO);
        workspaces.deleteUser(ws, "carol@contoso.com");
        int scimListsBefore = calls("ws-sweep", "GET", "/api/2.0/preview/scim/v2/Users").size();

        JsonNode progress = sweepOverRest("ws-sweep");

        assertThat(workspaces.tokenIds("ws-sweep")).containsExactlyInAnyOrder(fine.id(), nearExpiry.id());
        Map<String, String> ruleByToken = new java.util.HashMap<>();
        TokenEvents.of("ws-sweep", "TokenRevoked").forEach(e -> ruleByToken.put(e.get("tokenId").asText(), e.get("rule").asText()));
        assertThat(ruleByToken).isEqualTo(Map.of(forever.id(), "no-expiry", tooLong.id(), "exceeds-max-lifetime",
                inactiveOwner.id(), "owner-inactive", goneOwner.id(), "owner-inactive"));
        assertThat(TokenEvents.of("ws-sweep", "TokenRevoked")).allSatisfy(e -> assertThat(e.get("sweepId").asText())
                .isEqualTo(progress.get("sweepId").asText()));
        assertThat(TokenEvents.of("ws-sweep", "TokenRevoked")).filteredOn(e -> e.get("tokenId").asText().equals(inactiveOwner.id()))
                .singleElement().satisfies(e -> assertThat(e.get("owner").asText()).isEqualTo("bob@contoso.com"));
        assertThat(TokenEvents.of("ws-sweep", "TokenViolationFound")).singleElement().satisfies(v -> {
            assertThat(v.get("tokenId").asText()).isEqualTo(nearExpiry.id());
            assertThat(v.get("rule").asText()).isEqualTo("near-expiry");
            assertThat(v.get("owner").asText()).isEqualTo("alice@contoso.com");
        });
        JsonNode completed = awaitSweep("ws-sweep", 2);
        assertThat(completed.get("scanned").asInt()).isEqualTo(6);
        assertThat(completed.get("revoked").asInt()).isEqualTo(4);
        assertThat(completed.get("reported").asInt()).isEqualTo(1);
        // exactly one DELETE per violator; the owners came from one SCIM list, not one call per token
        assertThat(calls("ws-sweep", "DELETE", "/api/2.0/token-management/tokens/")).extracting(JournalEntry::path)
                .containsExactlyInAnyOrder("/api/2.0/token-management/tokens/" + forever.id(), "/api/2.0/token-management/tokens/" + tooLong.id(),
                        "/api/2.0/token-management/tokens/" + inactiveOwner.id(), "/api/2.0/token-management/tokens/" + goneOwner.id());
        assertThat(calls("ws-sweep", "GET", "/api/2.0/preview/scim/v2/Users").size() - scimListsBefore).isEqualTo(1);

        JsonNode row = progress.get("workspaces").get(0);
        assertThat(row.get("status").asText()).isEqualTo("DONE");
        assertThat(row.get("revokedTokenIds").toString()).contains(forever.id(), tooLong.id(), inactiveOwner.id(), goneOwner.id());
        web.get().uri("/api/v1/tokens/violations?workspace=ws-sweep").header("Authorization", azure.bearer(AUDITOR, List.of("Tokens.Read")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].tokenId").isEqualTo(nearExpiry.id())
                .jsonPath("$[0].rule").isEqualTo("near-expiry");
        web.get().uri("/api/v1/tokens/workspaces/ws-sweep").header("Authorization", azure.bearer(AUDITOR, List.of("Tokens.Read")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.tokens").isEqualTo(2)
                .jsonPath("$.byOwner['alice@contoso.com']").isEqualTo(2)
                .jsonPath("$.withoutExpiry").isEqualTo(0)
                .jsonPath("$.expiringSoon").isEqualTo(1)
                .jsonPath("$.policyStatus").isEqualTo("APPLIED");
    }

    @Test
    @Order(4)
    void inReportOnlyModeASweepRevokesNothingAndReportsEachViolatorOnce() {
        ReadyWorkspace ws = azure.deployWorkspace("ws-report");
        publishReady(ready(ws, reportOnly(List.of())));
        awaitSweep("ws-report", 1);
        workspaces.seedUser("ws-report", "dan@contoso.com", true);
        workspaces.seedUser("ws-report", "erin@contoso.com", false);
        Seeded forever = seed("ws-report", "dan@contoso.com", null, Duration.ZERO);
        Seeded tooLong = seed("ws-report", "dan@contoso.com", Duration.ofDays(400), Duration.ZERO);
        Seeded inactive = seed("ws-report", "erin@contoso.com", Duration.ofDays(2), Duration.ZERO);
        Seeded fine = seed("ws-report", "dan@contoso.com", Duration.ofDays(20), Duration.ZERO);

        sweepOverRest("ws-report");

        assertThat(workspaces.tokenIds("ws-report")).containsExactlyInAnyOrder(forever.id(), tooLong.id(), inactive.id(), fine.id());
        assertThat(calls("ws-report", "DELETE", "/api/2.0/token-management/tokens/")).isEmpty();
        assertThat(TokenEvents.of("ws-report", "TokenRevoked")).isEmpty();
        Map<String, String> reported = new java.util.HashMap<>();
        TokenEvents.of("ws-report", "TokenViolationFound").forEach(v -> assertThat(reported.put(v.get("tokenId").asText(),
                v.get("rule").asText())).as("one report per token").isNull());
        // the first matching rule in the policy's order is reported
        assertThat(reported).isEqualTo(Map.of(forever.id(), "no-expiry", tooLong.id(), "exceeds-max-lifetime", inactive.id(), "owner-inactive"));
        assertThat(awaitSweep("ws-report", 2).get("revoked").asInt()).isZero();
    }

    @Test
    @Order(5)
    void aLeaversTokensAreRevokedInEveryWorkspaceWithinSecondsAndAReplayDoesNothing() {
        ReadyWorkspace a = azure.deployWorkspace("ws-leave-a");
        ReadyWorkspace b = azure.deployWorkspace("ws-leave-b");
        publishReady(ready(a, enforcing(List.of(), List.of())));
        publishReady(ready(b, null)); // no token policy: its tokens are left alone, but a leaver's are still revoked
        awaitSweep("ws-leave-a", 1);
        TokenEvents.awaitConsumed("token-service", WorkspaceTopics.EVENTS, Duration.ofSeconds(30));
        for (String name : List.of("ws-leave-a", "ws-leave-b")) {
            workspaces.seedUser(name, "frank@contoso.com", true);
            workspaces.seedUser(name, "grace@contoso.com", true);
        }
        Seeded a1 = seed("ws-leave-a", "frank@contoso.com", Duration.ofDays(10), Duration.ZERO);
        Seeded a2 = seed("ws-leave-a", "frank@contoso.com", Duration.ofDays(20), Duration.ZERO);
        Seeded b1 = seed("ws-leave-b", "frank@contoso.com", null, Duration.ZERO);
        Seeded other = seed("ws-leave-b", "grace@contoso.com", Duration.ofDays(10), Duration.ZERO);
        UserLeft left = left("E1001", "frank@contoso.com", Instant.now());

        Instant sent = Instant.now();
        publisher.publish(HrTopics.PEOPLE, "E1001", left).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(TokenEvents.tokenIds(TokenEvents.of("ws-leave-a", "TokenRevoked"))).containsExactlyInAnyOrder(a1.id(), a2.id());
            assertThat(TokenEvents.tokenIds(TokenEvents.of("ws-leave-b", "TokenRevoked"))).containsExactly(b1.id());
        });
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(workspaces.tokenIds("ws-leave-a")).isEmpty();
        assertThat(workspaces.tokenIds("ws-leave-b")).containsExactly(other.id());
        List<JsonNode> revoked = new ArrayList<>(TokenEvents.of("ws-leave-a", "TokenRevoked"));
        revoked.addAll(TokenEvents.of("ws-leave-b", "TokenRevoked"));
        assertThat(revoked).allSatisfy(e -> {
            assertThat(e.get("rule").asText()).isEqualTo("owner-inactive");
            assertThat(e.get("owner").asText()).isEqualTo("frank@contoso.com");
            assertThat(e.get("sweepId").isNull()).isTrue();
        });
        int deletes = calls("ws-leave-a", "DELETE", "/api/2.0/token-management").size()
                + calls("ws-leave-b", "DELETE", "/api/2.0/token-management").size();
        assertThat(deletes).isEqualTo(3);

        publisher.publish(HrTopics.PEOPLE, "E1001", left).block(Duration.ofSeconds(10));
        TokenEvents.awaitConsumed("token-service", HrTopics.PEOPLE, Duration.ofSeconds(30));

        assertThat(calls("ws-leave-a", "DELETE", "/api/2.0/token-management").size()
                + calls("ws-leave-b", "DELETE", "/api/2.0/token-management").size()).isEqualTo(3);
        assertThat(TokenEvents.of("ws-leave-a", "TokenRevoked")).hasSize(2);
        assertThat(TokenEvents.of("ws-leave-b", "TokenRevoked")).hasSize(1);
        assertThat(calls("ws-leave-a", "GET", "/api/2.0/token-management/tokens")).filteredOn(e -> e.query() != null
                && e.query().contains("created_by_username")).hasSize(2);
    }

    @Test
    @Order(6)
    void aBadUserLeftIsDeadLetteredWithItsReasonOtherHrEventsAreLeftAloneAndTheNextIsServed() {
        ReadyWorkspace ws = azure.deployWorkspace("ws-hr");
        publishReady(ready(ws, null));
        TokenEvents.awaitConsumed("token-service", WorkspaceTopics.EVENTS, Duration.ofSeconds(30));
        workspaces.seedUser("ws-hr", "heidi@contoso.com", true);
        Seeded heidis = seed("ws-hr", "heidi@contoso.com", Duration.ofDays(5), Duration.ZERO);
        String bad = "{\"employeeId\":\"E2002\",\"leftDate\":\"yesterday\",\"occurredAt\":\"2025-03-01T08:15:00Z\"}";

        TokenEvents.sendRaw(HrTopics.PEOPLE, "E2002", "bricklayer.hr.UserLeft.v1", bad);
        publisher.publish(HrTopics.PEOPLE, "E2003", joined("E2003", "ivan@contoso.com", financeAnalyst(), Instant.now()))
                .block(Duration.ofSeconds(10));
        publisher.publish(HrTopics.PEOPLE, "E2004", left("E2004", "heidi@contoso.com", Instant.now()))
                .block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TokenEvents.tokenIds(TokenEvents.of("ws-hr", "TokenRevoked"))).containsExactly(heidis.id()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = TokenEvents.records("hr.people.events.token-service.dlq");
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("E2002");
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(bad);
                assertThat(TokenEvents.header(record, "x-exception-message")).contains("/userName [required]").contains("/leftDate [format]");
            });
        });
    }

    @Test
    @Order(7)
    void theRestApiNeedsATokenWithTheRightRoleAndIsDescribed() {
        web.get().uri("/api/v1/tokens/violations").exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/tokens/sweeps").header("Authorization", azure.bearer(AUDITOR, List.of("Tokens.Read")))
                .bodyValue(Map.of()).exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/tokens/violations").header("Authorization", azure.bearer(AUDITOR, List.of("Workspace.Read")))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/tokens/violations").header("Authorization", azure.bearer(AUDITOR, List.of("Tokens.Read")))
                .exchange().expectStatus().isOk();
        web.get().uri("/api/v1/tokens/workspaces/nowhere").header("Authorization", azure.bearer(AUDITOR, List.of("Tokens.Read")))
                .exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/tokens/sweeps/nothing").header("Authorization", azure.bearer(AUDITOR, List.of("Tokens.Read")))
                .exchange().expectStatus().isNotFound();
        // a sweep of every governed workspace
        JsonNode started = web.post().uri("/api/v1/tokens/sweeps").header("Authorization", operator()).exchange()
                .expectStatus().isAccepted().expectHeader().value("Location", l -> assertThat(l).startsWith("/api/v1/tokens/sweeps/"))
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> web.get().uri("/api/v1/tokens/sweeps/" + started.get("sweepId").asText())
                .header("Authorization", operator()).exchange().expectBody()
                .jsonPath("$.status").isEqualTo("COMPLETED")
                .jsonPath("$.trigger").isEqualTo("ON_DEMAND")
                .jsonPath("$.requestedBy").isEqualTo(PLATFORM_TEAM));
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .value(doc -> assertThat(doc).contains("/api/v1/tokens/sweeps").contains("/api/v1/tokens/violations"));
    }

    @Test
    @Order(8)
    void aDecommissionedWorkspaceIsForgotten() {
        ReadyWorkspace ws = azure.deployWorkspace("ws-gone");
        publishReady(ready(ws, enforcing(List.of(), List.of())));
        awaitSweep("ws-gone", 1);
        publisher.publish(WorkspaceTopics.EVENTS, "ws-gone", new WorkspaceDecommissioned("ws-gone", ws.resourceId(), Instant.now()))
                .block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> web.get().uri("/api/v1/tokens/workspaces/ws-gone")
                .header("Authorization", operator()).exchange().expectStatus().isNotFound());
    }

    @Test
    @Order(9)
    void aFutureDatedJoinerIsDeadLetteredAndTheLeaverAfterItStillRevokesTheTokens() {
        Seeded token = leaverRuleWorkspaceWithTokenOf("ws-future", "judy@contoso.com");

        publisher.publish(HrTopics.PEOPLE, "E3001",
                joined("E3001", "judy@contoso.com", financeAnalyst(), Instant.parse("2999-01-01T00:00:00Z"))).block(Duration.ofSeconds(10));
        publisher.publish(HrTopics.PEOPLE, "E3001", left("E3001", "judy@contoso.com", Instant.now()))
                .block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TokenEvents.tokenIds(TokenEvents.of("ws-future", "TokenRevoked"))).containsExactly(token.id()));
        assertThat(workspaces.tokenIds("ws-future")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TokenEvents.records("hr.people.events.token-service.dlq"))
                .filteredOn(record -> "E3001".equals(record.key())).singleElement()
                .satisfies(record -> assertThat(TokenEvents.header(record, "x-exception-message"))
                        .startsWith("future: /occurredAt [future] UserJoined occurredAt 2999-01-01T00:00:00Z is more than PT5M in the future")));
        assertThat(people.find("E3001")).hasValueSatisfying(person -> {
            assertThat(person.lastType()).isEqualTo("UserLeft");
            assertThat(person.left()).isTrue();
        });
    }

    @Test
    @Order(10)
    void aLeaverThenAnOlderJoinerLeavesThePersonLeft() {
        Instant leftAt = Instant.now().minus(Duration.ofHours(1));

        publisher.publish(HrTopics.PEOPLE, "E3002", left("E3002", "kim@contoso.com", leftAt))
                .block(Duration.ofSeconds(10));
        publisher.publish(HrTopics.PEOPLE, "E3002", joined("E3002", "kim@contoso.com", financeAnalyst(), leftAt.minus(Duration.ofDays(1))))
                .block(Duration.ofSeconds(10));
        TokenEvents.awaitConsumed("token-service", HrTopics.PEOPLE, Duration.ofSeconds(30));

        assertThat(people.find("E3002")).hasValueSatisfying(person -> {
            assertThat(person.lastType()).isEqualTo("UserLeft");
            assertThat(person.occurredAt()).isEqualTo(leftAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            assertThat(person.left()).isTrue();
        });
        // not applying a stale joiner is no error: nothing dead-lettered
        assertThat(TokenEvents.records("hr.people.events.token-service.dlq")).noneMatch(record -> "E3002".equals(record.key()));
    }

    @Test
    @Order(11)
    void aRehireNewerThanTheLeaverMakesALaterReplayOfTheOldLeaverRevokeNothing() {
        Seeded before = leaverRuleWorkspaceWithTokenOf("ws-rehire", "leo@contoso.com");
        UserLeft left = left("E3003", "leo@contoso.com", Instant.now().minus(Duration.ofHours(2)));
        publisher.publish(HrTopics.PEOPLE, "E3003", left).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TokenEvents.tokenIds(TokenEvents.of("ws-rehire", "TokenRevoked"))).containsExactly(before.id()));

        publisher.publish(HrTopics.PEOPLE, "E3003",
                joined("E3003", "leo@contoso.com", financeAnalyst(), Instant.now().minus(Duration.ofHours(1)))).block(Duration.ofSeconds(10));
        TokenEvents.awaitConsumed("token-service", HrTopics.PEOPLE, Duration.ofSeconds(30));
        Seeded after = seed("ws-rehire", "leo@contoso.com", Duration.ofDays(10), Duration.ZERO);
        int listsBefore = calls("ws-rehire", "GET", "/api/2.0/token-management/tokens").size();

        publisher.publish(HrTopics.PEOPLE, "E3003", left).block(Duration.ofSeconds(10));
        TokenEvents.awaitConsumed("token-service", HrTopics.PEOPLE, Duration.ofSeconds(30));

        assertThat(workspaces.tokenIds("ws-rehire")).containsExactly(after.id());
        assertThat(TokenEvents.tokenIds(TokenEvents.of("ws-rehire", "TokenRevoked"))).containsExactly(before.id());
        assertThat(calls("ws-rehire", "GET", "/api/2.0/token-management/tokens")).hasSize(listsBefore);
        assertThat(people.find("E3003")).hasValueSatisfying(person -> {
            assertThat(person.lastType()).isEqualTo("UserJoined");
            assertThat(person.left()).isFalse();
        });
    }

    /** A workspace without a token policy (no sweeps) where {@code user} holds one token. */
    private Seeded leaverRuleWorkspaceWithTokenOf(String name, String user) {
        ReadyWorkspace ws = azure.deployWorkspace(name);
        publishReady(ready(ws, null));
        TokenEvents.awaitConsumed("token-service", WorkspaceTopics.EVENTS, Duration.ofSeconds(30));
        workspaces.seedUser(name, user, true);
        return seed(name, user, Duration.ofDays(10), Duration.ZERO);
    }

    @Test
    @Order(100)
    void noTokenValueIsInAnyEventAuditRecordOrLogLine(CapturedOutput output) {
        assertThat(VALUES).hasSizeGreaterThan(10);
        List<String> texts = new ArrayList<>();
        for (String topic : List.of(TokenTopics.EVENTS, AuditTopics.API_CALLS, "hr.people.events.token-service.dlq")) {
            TokenEvents.records(topic).forEach(r -> {
                texts.add(new String(r.value(), StandardCharsets.UTF_8));
                r.headers().forEach(h -> texts.add(new String(h.value(), StandardCharsets.UTF_8)));
            });
        }
        texts.add(output.getAll());
        assertThat(texts).hasSizeGreaterThan(100);
        for (String text : texts) {
            assertThat(TOKEN_VALUE.matcher(text).find()).as("a token value in: %s", text.length() > 300 ? text.substring(0, 300) : text).isFalse();
            for (String value : VALUES) {
                assertThat(text).doesNotContain(value);
            }
        }
        assertThat(Set.copyOf(VALUES)).hasSameSizeAs(VALUES);
    }
}
