package dev.bricklayer.common.messaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.springframework.kafka.support.KafkaNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.common.schema.ValidationResult;

/**
 * Reads an event body the one strict way every consumer shares, or says exactly why it cannot: a tombstone, bytes
 * that are not UTF-8, not JSON (trailing tokens and duplicate keys included), nested deeper than
 * {@value #MAX_NESTING}, a string holding the NUL character (PostgreSQL cannot store it), a body that breaks the
 * event's published JSON Schema (events from outside Bricklayer), or one its record refuses. Every refusal is an
 * {@link UnprocessableEventException} naming the field as a JSON pointer and the rule.
 */
public final class EventReader {

    /** Deepest nesting of objects and arrays accepted; Bricklayer's events need a handful. */
    public static final int MAX_NESTING = 64;

    private final ObjectReader trees;
    private final ObjectMapper mapper;
    private final EventSchemaValidator schemas;

    public EventReader(ObjectMapper mapper, EventSchemaValidator schemas) {
        ObjectMapper strict = strict(mapper);
        this.trees = strict.reader();
        this.mapper = strict;
        this.schemas = schemas;
    }

    /**
     * A copy of {@code mapper} that reads JSON the strict way, for events and REST bodies alike: nothing after the
     * value (trailing tokens), no duplicate keys, nesting at most {@value #MAX_NESTING} deep.
     */
    public static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        return strict;
    }

    /** Refuses a message without a body: a tombstone (Kafka hands it over as {@code KafkaNull}) or an empty record. */
    public static void requireBody(Object payload) {
        if (payload == null || payload instanceof KafkaNull || payload instanceof byte[] body && body.length == 0) {
            throw new UnprocessableEventException("tombstone", "/", "tombstone",
                    "the message has no body (a tombstone or an empty record) and carries no event");
        }
    }

    /**
     * The body as a JSON tree. The binding must hand the record's bytes over unconverted (native decoding, the default
     * of every Bricklayer service): Spring Cloud Function's own conversion would turn a JSON array body into no bytes.
     */
    public JsonNode tree(Object payload) {
        requireBody(payload);
        if (!(payload instanceof byte[] body)) {
            throw new IllegalStateException("the binding converted the message body to " + payload.getClass().getName()
                    + "; give it native decoding (spring.cloud.stream.bindings.<binding>.consumer.use-native-decoding=true)");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new UnprocessableEventException("encoding", "/", "encoding", "the message body is not UTF-8 text");
        }
        JsonNode tree;
        try {
            tree = trees.readTree(body);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new UnprocessableEventException("json", "/", "json", "the message body is not valid JSON: " + detail);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new UnprocessableEventException("json", "/", "json", "the message body is empty");
        }
        List<FieldError> nul = new ArrayList<>();
        findNul(tree, "", nul);
        if (!nul.isEmpty()) {
            throw new UnprocessableEventException("encoding", nul);
        }
        return tree;
    }

    /**
     * The event record: the body is first checked against the published JSON Schema of {@code ceType} when there is
     * one (events from outside Bricklayer), then bound to {@code type}, whose constructor checks the rest.
     */
    public <T> T read(String ceType, JsonNode tree, Class<T> type) {
        if (ceType != null && schemas.supports(ceType)) {
            ValidationResult checked = schemas.validate(ceType, tree);
            if (!checked.isValid()) {
                throw new UnprocessableEventException("schema", checked.errors());
            }
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException missing && missing.getMessage() != null && !missing.getMessage().contains(" ")) {
                throw new UnprocessableEventException("invalid", "/" + missing.getMessage(), "required", missing.getMessage() + " is required");
            }
            String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
            throw new UnprocessableEventException("invalid", pointer(e), "invalid", message);
        } catch (JsonMappingException e) {
            throw new UnprocessableEventException("invalid", pointer(e), "type",
                    e.getOriginalMessage() == null ? "cannot be read" : e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UnprocessableEventException("json", "/", "json", String.valueOf(e.getMessage()));
        }
    }

    /** The text at a JSON pointer of the body, or {@code null}. */
    public static String text(JsonNode tree, String pointer) {
        if (tree == null) {
            return null;
        }
        JsonNode node = tree.at(pointer);
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static void findNul(JsonNode node, String path, List<FieldError> found) {
        if (found.size() > UnprocessableEventException.MAX_ERRORS) {
            return;
        }
        if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
            found.add(new FieldError(path.isEmpty() ? "/" : path, "encoding", "contains the NUL character (U+0000), which cannot be stored"));
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getKey().indexOf('\u0000') >= 0) {
                    found.add(new FieldError(child, "encoding", "the property name contains the NUL character (U+0000)"));
                }
                findNul(field.getValue(), child, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findNul(node.get(i), path + "/" + i, found);
            }
        }
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()));
        }
        return path.length() == 0 ? "/" : path.toString();
    }
}
