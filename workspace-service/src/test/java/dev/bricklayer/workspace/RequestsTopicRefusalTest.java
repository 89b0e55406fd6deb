package dev.bricklayer.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * Hostile and broken input on the requests topic, as any producer could send it: every message of a table of more
 * than sixty goes to {@code bricklayer.workspace.requests.dlq} with its reason first in {@code x-exception-message},
 * one whose body names a workspace is also answered with a {@code WorkspaceRequestRejected} naming the field and
 * rule, nothing of it is deployed, and a valid request sent right after them all is handled.
 */
class RequestsTopicRefusalTest extends WorkspaceServiceTest {

    private static final String REQUESTED = EventTypes.of(WorkspaceRequested.class);
    private static final String DECOMMISSION = EventTypes.of(WorkspaceDecommissionRequested.class);

    /**
     * One message and what it must get.
     *
     * @param id       its {@code ce_id} (unique: how its dead letter is found), or the Kafka key when it has no id
     * @param key      the Kafka key
     * @param headers  the CloudEvent headers
     * @param body     the value; {@code null} for a tombstone
     * @param reason   the start of the dead letter's reason, e.g. {@code schema: }
     * @param named    what the reason must name, e.g. {@code /region [region]}
     * @param rejected the workspace a {@code WorkspaceRequestRejected} must be sent to, or {@code null} for none
     */
    record Bad(String what, String id, String key, Map<String, String> headers, byte[] body, String reason, String named, String rejected) {
        @Override
        public String toString() {
            return what;
        }
    }

    private final List<Bad> table = new ArrayList<>();
    private int counter;

    private static Map<String, String> envelope(String id, String type) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", "/platform-team");
        if (type != null) {
            headers.put("ce_type", type);
        }
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String nextName() {
        return "ws-refused-" + (++counter);
    }

    private byte[] valid(String name) {
        return utf8(mapper.valueToTree(Requests.valid(name)).toString());
    }

    /** A message with a valid request body whose envelope is changed. */
    private void envelopeBreak(String what, Consumer<Map<String, String>> change, String reason, String named) {
        String name = nextName();
        Map<String, String> headers = envelope("id-" + name, REQUESTED);
        change.accept(headers);
        table.add(new Bad(what, headers.containsKey("ce_id") && !headers.get("ce_id").isBlank() ? headers.get("ce_id") : null, name, headers,
                valid(name), reason, named, null));
    }

    /** A request message whose body is {@code body} (the key is {@code key}). */
    private void bodyBreak(String what, String type, String key, byte[] body, String reason, String named, String rejected) {
        String id = "id-" + (++counter);
        table.add(new Bad(what, id, key, envelope(id, type), body, reason, named, rejected));
    }

    private void tableOfBadMessages() {
        envelopeBreak("no ce_type", h -> h.remove("ce_type"), "envelope: ", "ce_type [required]");
        envelopeBreak("an unknown ce_type", h -> h.put("ce_type", "bricklayer.workspace.WorkspaceDeleted.v1"), "unknown-type: ",
                "ce_type [unknown-type]");
        envelopeBreak("an HR event type", h -> h.put("ce_type", "bricklayer.hr.UserJoined.v1"), "unknown-type: ", "ce_type [unknown-type]");
        envelopeBreak("an event type of the events topic", h -> h.put("ce_type", EventTypes.of(WorkspaceReady.class)), "unknown-type: ",
                "ce_type [unknown-type]");
        envelopeBreak("version 2 of the request", h -> h.put("ce_type", "bricklayer.workspace.WorkspaceRequested.v2"), "unknown-type: ",
                "ce_type [unknown-type]");
        envelopeBreak("the type in lower case", h -> h.put("ce_type", REQUESTED.toLowerCase()), "unknown-type: ", "ce_type [unknown-type]");
        envelopeBreak("no ce_specversion", h -> h.remove("ce_specversion"), "envelope: ", "ce_specversion [required]");
        envelopeBreak("CloudEvents 0.3", h -> h.put("ce_specversion", "0.3"), "envelope: ", "ce_specversion [specversion]");
        envelopeBreak("no ce_id", h -> h.remove("ce_id"), "envelope: ", "ce_id [required]");
        envelopeBreak("a blank ce_id", h -> h.put("ce_id", " "), "envelope: ", "ce_id [required]");
        envelopeBreak("no ce_source", h -> h.remove("ce_source"), "envelope: ", "ce_source [required]");
        envelopeBreak("a ce_time that is not RFC 3339", h -> h.put("ce_time", "yesterday"), "envelope: ", "ce_time [format]");
        envelopeBreak("no CloudEvent headers at all", Map::clear, "envelope: ", "ce_specversion [required]");

        bodyBreak("a tombstone", REQUESTED, nextName(), null, "tombstone: ", "/ [tombstone]", null);
        bodyBreak("an empty value", REQUESTED, nextName(), new byte[0], "tombstone: ", "/ [tombstone]", null);
        String mismatched = nextName();
        bodyBreak("a key that is not the workspace name", REQUESTED, "someone-else", valid(mismatched), "key: ", "key [key]", mismatched);
        String keyless = nextName();
        bodyBreak("no key", REQUESTED, null, valid(keyless), "key: ", "key [key]", keyless);
        String decommissionKey = nextName();
        bodyBreak("a decommission keyed by another workspace", DECOMMISSION, "someone-else", decommission(decommissionKey), "key: ", "key [key]",
                decommissionKey);
        bodyBreak("bytes that are not UTF-8", REQUESTED, nextName(), new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                "encoding: ", "/ [encoding]", null);
        String latin = nextName();
        bodyBreak("a Latin-1 body", REQUESTED, latin, new String(valid(latin), StandardCharsets.UTF_8).replace("platform-team", "équipe")
                .getBytes(StandardCharsets.ISO_8859_1), "encoding: ", "/ [encoding]", null);
        bodyBreak("not JSON", REQUESTED, nextName(), utf8("{not json"), "json: ", "/ [json]", null);
        String trailing = nextName();
        bodyBreak("trailing garbage after a valid request", REQUESTED, trailing, utf8(new String(valid(trailing), StandardCharsets.UTF_8)
                + " garbage"), "json: ", "/ [json]", null);
        String twice = nextName();
        bodyBreak("two JSON values", REQUESTED, twice, utf8(new String(valid(twice), StandardCharsets.UTF_8) + "{}"), "json: ", "/ [json]", null);
        String duplicate = nextName();
        bodyBreak("a duplicate key", REQUESTED, duplicate, utf8("{\"workspaceName\":\"" + duplicate + "\"," + new String(valid(duplicate),
                StandardCharsets.UTF_8).substring(1)), "json: ", "/ [json]", null);
        bodyBreak("nesting 100 deep", REQUESTED, nextName(), utf8("{\"overrides\":".repeat(100) + "1" + "}".repeat(100)), "json: ",
                "nesting depth", null);
        bodyBreak("a JSON array", REQUESTED, nextName(), utf8("[1,2,3]"), "schema: ", "/ [type]", null);
        bodyBreak("a JSON string", REQUESTED, nextName(), utf8("\"please deploy\""), "schema: ", "/ [type]", null);
        bodyBreak("JSON null", REQUESTED, nextName(), utf8("null"), "schema: ", "/ [type]", null);
        String nul = nextName();
        bodyBreak("a NUL character in a value", REQUESTED, nul, utf8(new String(valid(nul), StandardCharsets.UTF_8)
                .replace("platform-team@contoso.com", "platform\\u0000team")), "encoding: ", "/requestedBy [encoding]", null);
        String nulName = nextName();
        bodyBreak("a NUL character in a property name", REQUESTED, nulName, utf8(new String(valid(nulName), StandardCharsets.UTF_8)
                .replace("\"requestedBy\"", "\"requested\\u0000By\"")), "encoding: ", "[encoding] the property name", null);

        for (BadRequests.Case bad : BadRequests.schemaBreaks()) {
            requestCase(bad);
        }
        for (BadRequests.Case bad : BadRequests.ruleBreaks()) {
            requestCase(bad);
        }

        bodyBreak("a decommission of an unknown workspace", DECOMMISSION, "ws-never-requested", decommission("ws-never-requested"),
                "unknown-workspace: ", "/workspaceName [unknown-workspace]", "ws-never-requested");
        bodyBreak("a decommission that is not JSON", DECOMMISSION, nextName(), utf8("{\"workspaceName\":"), "json: ", "/ [json]", null);
        String undated = nextName();
        bodyBreak("a decommission without occurredAt", DECOMMISSION, undated, utf8("{\"workspaceName\":\"" + undated + "\"}"), "schema: ",
                "/occurredAt [required]", undated);
        String extra = nextName();
        ObjectNode withExtra = (ObjectNode) json(decommission(extra));
        withExtra.put("force", true);
        bodyBreak("a decommission with an unknown property", DECOMMISSION, extra, utf8(withExtra.toString()), "schema: ",
                "/force [additionalProperties]", extra);
        bodyBreak("a decommission of a badly named workspace", DECOMMISSION, "a b", decommission("a b"), "schema: ",
                "/workspaceName [pattern]", "a b");
        String nulReason = nextName();
        bodyBreak("a decommission with a NUL character", DECOMMISSION, nulReason, utf8(new String(decommission(nulReason),
                StandardCharsets.UTF_8).replace("project closed", "closed\\u0000")), "encoding: ", "/reason [encoding]", null);
        String crossed = nextName();
        bodyBreak("a decommission body typed as a request", REQUESTED, crossed, decommission(crossed), "schema: ", "/reason [additionalProperties]",
                crossed);
    }

    private void requestCase(BadRequests.Case bad) {
        String name = nextName();
        ObjectNode body = bad.body(mapper, name);
        JsonNode named = body.path("workspaceName");
        String key = named.isValueNode() ? named.asText() : name;
        bodyBreak(bad.what(), REQUESTED, key, utf8(body.toString()), bad.reason() + ": ", bad.named(), named.isValueNode() ? key : null);
    }

    private byte[] decommission(String name) {
        return utf8(mapper.valueToTree(new WorkspaceDecommissionRequested(name, "platform-team@contoso.com", "project closed",
                Instant.parse("2026-11-24T10:00:00Z"))).toString());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, Bad bad) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, bad.key(), bad.body());
        bad.headers().forEach((name, value) -> record.headers().add(name, utf8(value)));
        producer.send(record).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    @Test
    void everyBadMessageIsDeadLetteredWithItsReasonAnnouncedWhereItNamesAWorkspaceAndTheNextValidOneIsHandled() throws Exception {
        tableOfBadMessages();
        assertThat(table).hasSizeGreaterThanOrEqualTo(60);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Bad bad : table) {
                send(producer, WorkspaceTopics.REQUESTS, bad);
            }
        }
        publisher.publish(WorkspaceTopics.REQUESTS, "ws-after-the-refused", Requests.valid("ws-after-the-refused")).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(events("ws-after-the-refused", "WorkspaceProvisioningStarted")).hasSize(1));
        List<ConsumerRecord<String, byte[]>> dead = EmbeddedKafka.records(REQUESTS_DLQ, table.size(), Duration.ofSeconds(30));
        List<JsonNode> rejections = EmbeddedKafka.records(WorkspaceTopics.EVENTS, 0, Duration.ofMillis(300)).stream()
                .filter(r -> header(r, "ce_type").endsWith(".WorkspaceRequestRejected.v1")).map(r -> json(r.value())).toList();
        for (Bad bad : table) {
            List<ConsumerRecord<String, byte[]>> mine = dead.stream().filter(r -> bad.id() != null
                    ? bad.id().equals(header(r, "ce_id")) : bad.key().equals(r.key())).toList();
            assertThat(mine).as(bad.what()).singleElement().satisfies(record -> {
                assertThat(header(record, "x-exception-message")).as(bad.what()).startsWith(bad.reason()).contains(bad.named());
                if (bad.body() == null) {
                    assertThat(record.value()).as(bad.what()).isNull();
                } else {
                    assertThat(record.value()).as(bad.what()).isEqualTo(bad.body());
                }
            });
            if (bad.rejected() != null) {
                assertThat(rejections.stream().filter(r -> r.path("workspaceName").asText().equals(bad.rejected())))
                        .as(bad.what()).singleElement().satisfies(rejected -> assertThat(named(rejected)).as(bad.what()).contains(bad.named()));
            }
        }
        assertThat(azure.bean(Journal.class).count(e -> e.path().contains("ws-refused-"))).as("nothing refused was deployed").isZero();
    }

    /** The errors of a rejection as {@code field [rule]}. */
    private static List<String> named(JsonNode rejected) {
        List<String> named = new ArrayList<>();
        rejected.get("errors").forEach(error -> named.add(error.get("field").asText() + " [" + error.get("rule").asText() + "]"));
        return named;
    }

    @Test
    void aCompletionOfAnUnknownWorkspaceOrOfAnUnknownTypeIsDeadLetteredAndOtherEventsOfThoseTopicsAreLeftAlone() throws Exception {
        publisher.publish("bricklayer.security.events", "ws-nobody-knows", new WorkspaceSecured("ws-nobody-knows", true, 1, 1, 0,
                Instant.now())).block(Duration.ofSeconds(10));
        publisher.publish("bricklayer.security.events", "ws-nobody-knows", new ClusterPolicyApplied("ws-nobody-knows", "team-shared",
                "policy-1", Instant.now())).block(Duration.ofSeconds(10));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, "bricklayer.token.events", new Bad("unknown", "completion-unknown-type", "ws-nobody-knows",
                    envelope("completion-unknown-type", "bricklayer.token.TokenSurrendered.v1"), utf8("{}"), null, null, null));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = records(COMPLETIONS_DLQ, "ws-nobody-knows");
            assertThat(dead).extracting(r -> header(r, "ce_type"), r -> header(r, "x-exception-message").replaceAll(" .*", "")).containsExactlyInAnyOrder(
                    tuple(EventTypes.of(WorkspaceSecured.class), "unknown-workspace:"),
                    tuple("bricklayer.token.TokenSurrendered.v1", "unknown-type:"));
        });
    }
}
