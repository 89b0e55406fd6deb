package dev.bricklayer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.bricklayer.audit.messaging.AuditBindings;
import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/** audit-service as it runs: records from Kafka into the chain in PostgreSQL, the compliance API behind Entra ID tokens. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditServiceApplicationTest {

    private static EmulatedAzure azure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS, AuditTopics.LOG, AuditBindings.DEAD_LETTERS);
        azure = EmulatedAzure.start(EmulatedAzure.options().metastore("westeurope")); // workspaces identity-federated, as Azure makes them
        ServiceTestProperties.registerWithoutAzureCalls(registry, azure, EmbeddedPostgres.newDatabase("audit_app"));
        registry.add("bricklayer.audit.outcome-unknown-after", () -> "2s");
        registry.add("bricklayer.audit.sweep-interval", () -> "500ms");
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @Autowired
    EventPublisher publisher;
    @Autowired
    WebTestClient web;

    private static String bearer(List<String> roles) {
        return azure.bearer(EmulatedAzure.AUDITOR, roles);
    }

    private static String auditor() {
        return bearer(List.of("Audit.Read"));
    }

    private String call(String service, String workspace, String path, int status, boolean complete) {
        String id = UUID.randomUUID().toString();
        Correlation.run("corr-" + workspace, () -> {
            publisher.publish(AuditTopics.API_CALLS, workspace, new ApiCallStarted(id, service, "client-1", "scim", workspace, "host",
                    "GET", path, path, 1, "corr-" + workspace, Instant.now())).block();
            if (complete) {
                publisher.publish(AuditTopics.API_CALLS, workspace, new ApiCallCompleted(id, service, workspace, status,
                        status < 400 ? "SUCCESS" : "HTTP_ERROR", status < 400 ? null : "X", 12, 1, "corr-" + workspace, Instant.now())).block();
            }
        });
        return id;
    }

    private long total(String query) {
        return web.get().uri("/api/v1/audit?" + query).header("Authorization", auditor()).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("total") instanceof Number n ? n.longValue() : -1;
    }

    @Test
    void callsFromSeveralServicesAreStoredQueryableExportedAndVerified() {
        for (int i = 0; i < 30; i++) {
            call(i % 2 == 0 ? "identity-service" : "security-service", "ws-audit-a", "/api/2.0/x/" + i, i % 10 == 0 ? 404 : 200, true);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("workspace=ws-audit-a")).isEqualTo(30));
        assertThat(total("workspace=ws-audit-a&service=security-service")).isEqualTo(15);
        assertThat(total("workspace=ws-audit-a&status=404")).isEqualTo(3);
        assertThat(total("correlationId=corr-ws-audit-a&outcome=SUCCESS")).isEqualTo(27);
        assertThat(total("workspace=ws-audit-a&api=scim")).isEqualTo(30);
        assertThat(total("workspace=ws-audit-a&api=entra")).isZero();
        assertThat(total("workspace=ws-audit-a&from=2000-01-01T00:00:00Z&to=" + Instant.now().plusSeconds(60))).isEqualTo(30);
        assertThat(total("workspace=ws-audit-a&to=2000-01-01T00:00:00Z")).isZero();
        String csv = web.get().uri("/api/v1/audit/export?format=csv&workspace=ws-audit-a").header("Authorization", auditor()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String ndjson = web.get().uri("/api/v1/audit/export?format=ndjson&workspace=ws-audit-a").header("Authorization", auditor()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines()).hasSize(31).first().asString().startsWith("sequence,call_id,service");
        assertThat(ndjson.lines()).hasSize(30).allSatisfy(line -> assertThat(line).startsWith("{\"sequence\":"));
        web.get().uri("/api/v1/audit/verify").header("Authorization", auditor()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.intact").isEqualTo(true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(EmbeddedKafka.records(AuditTopics.LOG, 30, Duration.ofSeconds(2))
                .stream().filter(r -> "ws-audit-a".equals(r.key())).count()).isEqualTo(30));
    }

    @Test
    void aCallThatNeverCompletesIsRecordedAsOutcomeUnknownAndALateCompletionAmendsIt() {
        String id = call("workspace-service", "ws-audit-crash", "/subscriptions/s/resourcegroups/rg", 0, false);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("workspace=ws-audit-crash&outcome=OUTCOME_UNKNOWN")).isEqualTo(1));

        // the producer comes back and its completion arrives after all: sealed as a second record naming the first
        publisher.publish(AuditTopics.API_CALLS, "ws-audit-crash", new ApiCallCompleted(id, "workspace-service", "ws-audit-crash", 201,
                "SUCCESS", null, 12, 1, "corr-ws-audit-crash", Instant.now())).block();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("workspace=ws-audit-crash")).isEqualTo(2));
        String ndjson = web.get().uri("/api/v1/audit/export?format=ndjson&workspace=ws-audit-crash").header("Authorization", auditor())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        List<String> lines = ndjson.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"outcome\":\"OUTCOME_UNKNOWN\"").doesNotContainPattern("\"amends\":\\d");
        String firstSequence = lines.get(0).replaceAll("^\\{\"sequence\":(\\d+),.*$", "$1");
        assertThat(lines.get(1)).contains("\"outcome\":\"SUCCESS\"", "\"status\":201", "\"amends\":" + firstSequence);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(EmbeddedKafka.records(AuditTopics.LOG, 1, Duration.ofSeconds(2))
                .stream().filter(r -> "ws-audit-crash".equals(r.key())
                        && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"amends\":" + firstSequence)).count())
                .isEqualTo(1));
        web.get().uri("/api/v1/audit/verify").header("Authorization", auditor()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.intact").isEqualTo(true);
    }

    @Test
    void accountAndUnityCatalogCallsAreAuditedByTheirSurfaceQueriedExportedAndEqualToWhatTheEmulatorServed() {
        ReadyWorkspace workspace = azure.deployWorkspace("ws-audit-account");
        ApiClientFactory identity = azure.apiClients("identity-service", Map.of());
        long since = azure.mark();
        identity.account().get().uri("/api/2.0/accounts/{a}/scim/v2/Users?count=1", EmulatedAzure.ACCOUNT).retrieve().toBodilessEntity().block();
        identity.account().get().uri("/api/2.0/accounts/{a}/workspaces/{w}/permissionassignments", EmulatedAzure.ACCOUNT, workspace.workspaceId())
                .retrieve().toBodilessEntity().block();
        assertThatThrownBy(() -> identity.account().post().uri("/api/2.0/identity/accounts/{a}/users/resolve-by-external-id", EmulatedAzure.ACCOUNT)
                .bodyValue(Map.of("external_id", "0d1e2f30-0000-4000-8000-000000000001")).retrieve().toBodilessEntity().block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo("FEATURE_DISABLED")); // audited all the same
        identity.workspace(workspace.target()).get().uri("/api/2.1/unity-catalog/current-metastore-assignment").retrieve().toBodilessEntity().block();
        identity.workspace(workspace.target()).get().uri("/api/2.0/preview/permissionassignments").retrieve().toBodilessEntity().block();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("service=identity-service&api=account")).isEqualTo(2));
        assertThat(total("service=identity-service&api=identity&status=400")).isEqualTo(1);
        assertThat(total("service=identity-service&api=unity-catalog&workspace=ws-audit-account")).isEqualTo(1);
        assertThat(total("service=identity-service&api=permission-assignments&workspace=ws-audit-account")).isEqualTo(1);
        // the journal = audit check: what the emulator served on the account host and the workspace, one record each
        long served = azure.journal().count(e -> e.sequence() > since && ("account".equals(e.surface())
                || "ws-audit-account".equalsIgnoreCase(e.workspace())));
        assertThat(served).isEqualTo(5);
        assertThat(total("service=identity-service&api=account") + total("service=identity-service&api=identity")
                + total("service=identity-service&workspace=ws-audit-account")).isEqualTo(served);
        String csv = web.get().uri("/api/v1/audit/export?format=csv&service=identity-service&api=account").header("Authorization", auditor())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv.lines().skip(1)).hasSize(2).allSatisfy(line -> assertThat(line).contains(",account,,").contains("/api/2.0/accounts/"));
        String ndjson = web.get().uri("/api/v1/audit/export?format=ndjson&api=unity-catalog&workspace=ws-audit-account")
                .header("Authorization", auditor()).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(ndjson.lines()).singleElement().satisfies(line -> assertThat(line).contains("\"api\":\"unity-catalog\"",
                "\"path\":\"/api/2.1/unity-catalog/current-metastore-assignment\""));
    }

    @Test
    void aRecordThatIsNotAnAuditRecordIsDeadLetteredWithItsReasonAndTheRestOfTheBatchIsStored() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(record("ws-audit-dlq", "junk-1", "bricklayer.audit.ApiCallStarted.v1", "{not json")).get();
            producer.send(record("ws-audit-dlq", "alien-1", "bricklayer.hr.UserJoined.v1", "{}")).get();
        }
        call("identity-service", "ws-audit-dlq", "/api/2.0/preview/scim/v2/Users", 200, true);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("workspace=ws-audit-dlq")).isEqualTo(1));
        List<ConsumerRecord<String, byte[]>> dead = EmbeddedKafka.records(AuditBindings.DEAD_LETTERS, 2, Duration.ofSeconds(10)).stream()
                .filter(r -> "ws-audit-dlq".equals(r.key())).toList();
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        // the words of every routed binding (EventReader, UnprocessableEventException.unknownType)
        assertThat(reason(dead.get(0))).startsWith("json: / [json] the message body is not valid JSON");
        assertThat(reason(dead.get(1))).isEqualTo("unknown-type: ce_type [unknown-type] 'bricklayer.hr.UserJoined.v1' is not an event "
                + "type this topic carries ([bricklayer.audit.ApiCallCompleted.v1, bricklayer.audit.ApiCallStarted.v1])");
        assertThat(new String(dead.get(1).headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)).isEqualTo("bricklayer.hr.UserJoined.v1");
    }

    @Test
    void recordsWithoutAnEnvelopeABodyOrACallIdAreRefusedInTheWordsOfEveryBindingAndTheRestOfTheBatchIsStored() throws Exception {
        String started = "{\"callId\":\"c-bad\",\"service\":\"x\",\"principal\":\"p\",\"api\":\"scim\",\"workspace\":\"ws-audit-hostile\","
                + "\"host\":\"h\",\"method\":\"GET\",\"path\":\"/p\",\"pathTemplate\":\"/p\",\"attempt\":1,\"correlationId\":\"c\","
                + "\"startedAt\":\"2026-11-24T10:00:00Z\"}";
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> typeOnly = new ProducerRecord<>(AuditTopics.API_CALLS, "ws-audit-hostile", utf8(started));
            typeOnly.headers().add("ce_type", utf8("bricklayer.audit.ApiCallStarted.v1"));
            producer.send(typeOnly).get();
            ProducerRecord<String, byte[]> tombstone = record("ws-audit-hostile", "tombstone-1", "bricklayer.audit.ApiCallStarted.v1", null);
            producer.send(tombstone).get();
            producer.send(record("ws-audit-hostile", "nul-1", "bricklayer.audit.ApiCallStarted.v1", started.replace("/p\",", "/p\\u0000\","))).get();
            producer.send(record("ws-audit-hostile", "blank-1", "bricklayer.audit.ApiCallStarted.v1", started.replace("c-bad", " "))).get();
            producer.send(record("ws-audit-hostile", "trailing-1", "bricklayer.audit.ApiCallStarted.v1", started + " {}")).get();
        }
        call("identity-service", "ws-audit-hostile", "/api/2.0/preview/scim/v2/Groups", 200, true);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("workspace=ws-audit-hostile")).isEqualTo(1));
        List<ConsumerRecord<String, byte[]>> dead = EmbeddedKafka.records(AuditBindings.DEAD_LETTERS, 5, Duration.ofSeconds(10)).stream()
                .filter(r -> "ws-audit-hostile".equals(r.key())).toList();
        assertThat(dead).extracting(AuditServiceApplicationTest::reason).satisfiesExactly(
                envelope -> assertThat(envelope).startsWith("envelope: ce_specversion [required]").contains("ce_id [required]"),
                tombstone -> assertThat(tombstone).startsWith("tombstone: / [tombstone]"),
                nul -> assertThat(nul).startsWith("encoding: /path [encoding]"),
                blank -> assertThat(blank).isEqualTo("invalid: /callId [required] callId is required"),
                trailing -> assertThat(trailing).startsWith("json: / [json]"));
        assertThat(dead).allSatisfy(record -> assertThat(new String(record.headers().lastHeader("x-original-topic").value(),
                StandardCharsets.UTF_8)).isEqualTo(AuditTopics.API_CALLS));
        assertThat(dead.get(1).value()).isNull();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A record with a CloudEvents envelope like any producer's. */
    private static ProducerRecord<String, byte[]> record(String key, String id, String type, String body) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(AuditTopics.API_CALLS, key, body == null ? null : utf8(body));
        record.headers().add("ce_specversion", utf8("1.0")).add("ce_id", utf8(id)).add("ce_source", utf8("/test")).add("ce_type", utf8(type));
        return record;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("x-exception-message").value(), StandardCharsets.UTF_8);
    }

    @Test
    void aFilterThatIsNotAValueOfItsTypeIsRefusedNamingTheFieldTheValueAndTheRule() {
        web.get().uri("/api/v1/audit?from=yesterday&status=ok").header("Authorization", auditor()).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'from')].value").isEqualTo("yesterday")
                .jsonPath("$.errors[?(@.field == 'from')].rule").isEqualTo("must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z")
                .jsonPath("$.errors[?(@.field == 'status')].value").isEqualTo("ok");
        web.get().uri("/api/v1/audit?page=first").header("Authorization", auditor()).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("page")
                .jsonPath("$.errors[0].value").isEqualTo("first")
                .jsonPath("$.errors[0].rule").isEqualTo("must be a whole number");
    }

    @Test
    void thePathFilterIsAPrefixWhoseWildcardCharactersMatchThemselves() {
        call("token-service", "ws-audit-like", "/api/2.0/token_management/x", 200, true);
        call("token-service", "ws-audit-like", "/api/2.0/tokenXmanagement/x", 200, true);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(total("workspace=ws-audit-like")).isEqualTo(2));
        assertThat(total("workspace=ws-audit-like&path=/api/2.0/token_")).isEqualTo(1);
        assertThat(total("workspace=ws-audit-like&path=/api/2.0/token")).isEqualTo(2);
    }

    @Test
    void aBadFilterIsAProblemDetailAndSoAre401And403() {
        web.get().uri("/api/v1/audit?from=yesterday").header("Authorization", auditor()).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.instance").isEqualTo("/api/v1/audit")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("invalid query parameters: from=yesterday"))
                .jsonPath("$.correlationId").isNotEmpty();
        web.get().uri("/api/v1/audit").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
        web.get().uri("/api/v1/audit").header("Authorization", bearer(List.of("Workspace.Read"))).exchange().expectStatus().isForbidden()
                .expectHeader().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
    }

    @Test
    void theApiNeedsATokenWithTheComplianceReaderRole() {
        web.get().uri("/api/v1/audit").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/audit").header("Authorization", bearer(List.of("Workspace.Read"))).exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/audit/verify").header("Authorization", auditor()).exchange().expectStatus().isOk();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .value(doc -> assertThat(doc).contains("/api/v1/audit/export"));
    }
}
