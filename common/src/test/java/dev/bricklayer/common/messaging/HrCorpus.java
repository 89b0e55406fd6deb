package dev.bricklayer.common.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.BootObjectMapper;
import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.HrEvents;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;

/**
 * A corpus of bad messages for {@code hr.people.events}: broken CloudEvents envelopes, types the topic does not carry,
 * keys that are not the body's employee id, tombstones, bytes that are not strict JSON, and every field of the three
 * HR events broken against its JSON Schema — each with the reason and the field its refusal must name.
 */
final class HrCorpus {

    /**
     * One bad message.
     *
     * @param name    what is wrong, for the test's name
     * @param type    its {@code ce_type}
     * @param key     its Kafka key; {@code null} for none
     * @param body    its value; {@code null} for a tombstone
     * @param headers CloudEvents headers replacing the usual ones; a {@code null} value drops the header
     * @param reason  the reason its dead letter must start with
     * @param field   the field and rule the reason must name, as {@code field [rule]}
     */
    record Case(String name, String type, String key, byte[] body, Map<String, String> headers, String reason, String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final ObjectMapper JSON = BootObjectMapper.get();
    static final String JOINED = EventTypes.of(UserJoined.class);
    static final String MOVED = EventTypes.of(UserMoved.class);
    static final String LEFT = EventTypes.of(UserLeft.class);

    private final List<Case> cases = new ArrayList<>();

    static List<Case> all() {
        HrCorpus corpus = new HrCorpus();
        corpus.envelopes();
        corpus.types();
        corpus.keys();
        corpus.bytes();
        corpus.schema(JOINED, HrEvents.joined(), List.of("employeeId", "userName", "displayName", "givenName", "familyName", "attributes",
                "effectiveDate", "occurredAt"), "effectiveDate");
        corpus.schema(MOVED, HrEvents.moved(), List.of("employeeId", "userName", "current", "effectiveDate", "occurredAt"), "effectiveDate");
        corpus.schema(LEFT, HrEvents.left(), List.of("employeeId", "userName", "leftDate", "occurredAt"), "leftDate");
        corpus.attributes();
        return List.copyOf(corpus.cases);
    }

    private void envelopes() {
        envelope("no ce_id", "ce_id", null, "ce_id [required]");
        envelope("a blank ce_id", "ce_id", " ", "ce_id [required]");
        envelope("no ce_source", "ce_source", null, "ce_source [required]");
        envelope("an empty ce_source", "ce_source", "", "ce_source [required]");
        envelope("no ce_specversion", "ce_specversion", null, "ce_specversion [required]");
        envelope("ce_specversion 0.3", "ce_specversion", "0.3", "ce_specversion [specversion]");
        envelope("ce_specversion 2.0", "ce_specversion", "2.0", "ce_specversion [specversion]");
        envelope("ce_specversion 1", "ce_specversion", "1", "ce_specversion [specversion]");
        envelope("no ce_type", "ce_type", null, "ce_type [required]");
        envelope("ce_time not a timestamp", "ce_time", "yesterday", "ce_time [format]");
        envelope("ce_time without offset", "ce_time", "2026-12-01T10:00:00", "ce_time [format]");
    }

    private void types() {
        for (String type : List.of("bricklayer.hr.UserPromoted.v1", "bricklayer.hr.UserJoined.v2", "bricklayer.hr.userjoined.v1",
                "bricklayer.workspace.WorkspaceRequested.v1", "bricklayer.identity.UserProvisioned.v1", "UserJoined", "com.example.hr.joiner",
                " ")) {
            ObjectNode body = tree(HrEvents.joined());
            add("ce_type '" + type + "'", type, body, Map.of(), type.isBlank() ? "envelope" : "unknown-type",
                    type.isBlank() ? "ce_type [required]" : "ce_type [unknown-type]");
        }
    }

    private void keys() {
        ObjectNode body = tree(HrEvents.joined());
        cases.add(new Case("no key", JOINED, null, bytes(body), Map.of(), "key", "key [key]"));
        cases.add(new Case("another person's key", JOINED, "E-999", bytes(body), Map.of(), "key", "key [key]"));
        cases.add(new Case("the key in lower case", JOINED, HrEvents.EMPLOYEE_ID.toLowerCase(), bytes(body), Map.of(), "key", "key [key]"));
        cases.add(new Case("the key with a space", JOINED, HrEvents.EMPLOYEE_ID + " ", bytes(body), Map.of(), "key", "key [key]"));
        cases.add(new Case("an empty key", JOINED, "", bytes(body), Map.of(), "key", "key [key]"));
    }

    private void bytes() {
        String valid = new String(bytes(tree(HrEvents.joined())), StandardCharsets.UTF_8);
        raw("a tombstone", null, "tombstone", "/ [tombstone]");
        raw("an empty value", new byte[0], "tombstone", "/ [tombstone]");
        raw("bytes that are not UTF-8", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, "encoding", "/ [encoding]");
        raw("trailing garbage", (valid + " trailing").getBytes(StandardCharsets.UTF_8), "json", "/ [json]");
        raw("a second object after the first", (valid + valid).getBytes(StandardCharsets.UTF_8), "json", "/ [json]");
        raw("truncated JSON", valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8), "json", "/ [json]");
        raw("a duplicated key", valid.replaceFirst("\\{", "{\"employeeId\":\"" + HrEvents.EMPLOYEE_ID + "\",").getBytes(StandardCharsets.UTF_8),
                "json", "/ [json]");
        raw("nesting 100 deep", ("[".repeat(100) + "]".repeat(100)).getBytes(StandardCharsets.UTF_8), "json", "/ [json]");
        raw("XML", "<UserJoined/>".getBytes(StandardCharsets.UTF_8), "json", "/ [json]");
        raw("a JSON array", "[]".getBytes(StandardCharsets.UTF_8), "schema", "/ [type]");
        raw("a JSON string", "\"joined\"".getBytes(StandardCharsets.UTF_8), "schema", "/ [type]");
        raw("a JSON number", "42".getBytes(StandardCharsets.UTF_8), "schema", "/ [type]");
        raw("JSON null", "null".getBytes(StandardCharsets.UTF_8), "schema", "/ [type]");
        raw("an empty object", "{}".getBytes(StandardCharsets.UTF_8), "schema", "/attributes [required]");
        raw("NUL in a value", valid.replace("Ada Lovelace", "Ada\\u0000Lovelace").getBytes(StandardCharsets.UTF_8), "encoding",
                "/displayName [encoding]");
        raw("NUL in a property name", valid.replaceFirst("\\{", "{\"x\\\\u0000\":1,").getBytes(StandardCharsets.UTF_8), "encoding",
                "[encoding]");
        ObjectNode many = tree(HrEvents.joined());
        for (int i = 0; i < 20_000; i++) {
            many.put("x" + i, i);
        }
        add("20,000 unknown properties", JOINED, many, Map.of(), "schema", "/x0 [additionalProperties]");
    }

    /** Each required field missing, each field of the wrong type, each string field too short, too long or malformed. */
    private void schema(String type, Object event, List<String> required, String dateField) {
        String name = type.split("\\.")[2];
        for (String field : required) {
            add(name + " without " + field, type, without(tree(event), field), Map.of(), "schema", "/" + field + " [required]");
            add(name + " with " + field + " a number", type, with(tree(event), field, n -> n.put(field, 7)), Map.of(), "schema",
                    "/" + field + " [type]");
        }
        add(name + " with an unknown property", type, with(tree(event), "costCenter", n -> n.put("costCenter", "CC-1")), Map.of(), "schema",
                "/costCenter [additionalProperties]");
        add(name + " employeeId with a space", type, with(tree(event), "employeeId", n -> n.put("employeeId", "E 1")), Map.of(), "schema",
                "/employeeId [pattern]");
        add(name + " employeeId of 65 characters", type, with(tree(event), "employeeId", n -> n.put("employeeId", "E".repeat(65))), Map.of(),
                "schema", "/employeeId [pattern]");
        add(name + " employeeId starting with a dash", type, with(tree(event), "employeeId", n -> n.put("employeeId", "-E1")), Map.of(),
                "schema", "/employeeId [pattern]");
        add(name + " userName not an e-mail address", type, with(tree(event), "userName", n -> n.put("userName", "ada")), Map.of(),
                "schema", "/userName [format]");
        add(name + " userName not ASCII", type, with(tree(event), "userName", n -> n.put("userName", "jos\u00e9@contoso.com")), Map.of(),
                "schema", "/userName [pattern]");
        add(name + " userName of 257 characters", type, with(tree(event), "userName", n -> n.put("userName", "a".repeat(245) + "@contoso.com")),
                Map.of(), "schema", "/userName [maxLength]");
        for (String bad : List.of("2025-13-01", "01/03/2025", "yesterday")) {
            add(name + " " + dateField + " '" + bad + "'", type, with(tree(event), dateField, n -> n.put(dateField, bad)), Map.of(), "schema",
                    "/" + dateField + " [format]");
        }
        for (String bad : List.of("2025-03-01T08:15:30", "2025-03-01", "now")) {
            add(name + " occurredAt '" + bad + "'", type, with(tree(event), "occurredAt", n -> n.put("occurredAt", bad)), Map.of(), "schema",
                    "/occurredAt [format]");
        }
    }

    private void attributes() {
        for (String field : List.of("department", "costCentre", "jobTitle")) {
            ObjectNode body = tree(HrEvents.joined());
            ((ObjectNode) body.get("attributes")).remove(field);
            add("UserJoined attributes without " + field, JOINED, body, Map.of(), "schema", "/attributes/" + field + " [required]");
            ObjectNode empty = tree(HrEvents.joined());
            ((ObjectNode) empty.get("attributes")).put(field, "");
            add("UserJoined attributes with an empty " + field, JOINED, empty, Map.of(), "schema", "/attributes/" + field + " [minLength]");
        }
        ObjectNode unknown = tree(HrEvents.joined());
        ((ObjectNode) unknown.get("attributes")).put("costCenter", "CC-1");
        add("UserJoined attributes with costCenter misspelt", JOINED, unknown, Map.of(), "schema", "/attributes/costCenter [additionalProperties]");
        ObjectNode kind = tree(HrEvents.joined());
        ((ObjectNode) kind.get("attributes")).put("employmentType", "freelancer");
        add("UserJoined employmentType freelancer", JOINED, kind, Map.of(), "schema", "/attributes/employmentType [enum]");
        ObjectNode moved = tree(HrEvents.moved());
        ((ObjectNode) moved.get("current")).remove("jobTitle");
        add("UserMoved current without jobTitle", MOVED, moved, Map.of(), "schema", "/current/jobTitle [required]");
    }

    private void envelope(String name, String header, String value, String field) {
        Map<String, String> headers = new HashMap<>();
        headers.put(header, value);
        add(name, JOINED, tree(HrEvents.joined()), headers, "envelope", field);
    }

    private void raw(String name, byte[] body, String reason, String field) {
        cases.add(new Case(name, JOINED, HrEvents.EMPLOYEE_ID, body, Map.of(), reason, field));
    }

    private void add(String name, String type, ObjectNode body, Map<String, String> headers, String reason, String field) {
        String key = body.path("employeeId").isValueNode() && !body.get("employeeId").isNull() ? body.get("employeeId").asText() : HrEvents.EMPLOYEE_ID;
        cases.add(new Case(name, type, key, bytes(body), headers, reason, field));
    }

    private static ObjectNode tree(Object event) {
        return JSON.valueToTree(event);
    }

    private static ObjectNode without(ObjectNode body, String field) {
        body.remove(field);
        return body;
    }

    private static ObjectNode with(ObjectNode body, String field, Consumer<ObjectNode> change) {
        change.accept(body);
        return body;
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
