package dev.bricklayer.common.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;

import dev.bricklayer.common.events.FieldError;

/**
 * Validates the bodies of events that come from outside Bricklayer against their published JSON Schemas
 * (draft 2020-12, see {@link EventSchemas}). Every schema is loaded and compiled once, at construction; instances
 * are thread-safe and meant to be shared.
 *
 * <p>Errors name the bad field as a JSON pointer: a missing required property is named itself ({@code /department}
 * under {@code /attributes} is {@code /attributes/department}), an unexpected property likewise. Format assertions
 * ({@code email}, {@code date}, {@code date-time}, {@code uuid}) are enabled, which draft 2020-12 leaves optional.
 */
public class EventSchemaValidator {

    /** Field of errors about the message as a whole. */
    public static final String WHOLE_MESSAGE = "/";

    /** Rule of the error reported for a body that is not JSON. */
    public static final String RULE_JSON = "json";

    private final ObjectReader reader;
    private final Map<String, Schema> schemas;

    /** A validator reading bodies with {@code objectMapper} (e.g. Spring Boot's). */
    public EventSchemaValidator(ObjectMapper objectMapper) {
        Objects.requireNonNull(objectMapper, "objectMapper");
        // strict parsing: "{...} garbage" and duplicate keys are not JSON a producer should get away with
        this.reader = objectMapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        Map<String, Schema> loaded = new LinkedHashMap<>();
        for (String ceType : EventSchemas.ceTypes()) {
            loaded.put(ceType, load(registry, objectMapper, EventSchemas.schemaResource(ceType).orElseThrow()));
        }
        this.schemas = Map.copyOf(loaded);
    }

    /** A validator with a plain {@link ObjectMapper}; bodies are only parsed as trees, so no modules are needed. */
    public EventSchemaValidator() {
        this(new ObjectMapper());
    }

    /** Whether {@code eventType} (a {@code ce_type} or bare event name) has a schema. */
    public boolean supports(String eventType) {
        return EventSchemas.ceTypeOf(eventType).isPresent();
    }

    /**
     * Validates a message body.
     *
     * @param eventType a {@code ce_type} such as {@code bricklayer.hr.UserJoined.v1}, or a bare name such as
     *                  {@code UserJoined} (its latest version)
     * @throws IllegalArgumentException when no schema exists for {@code eventType}; see {@link #supports(String)}
     */
    public ValidationResult validate(String eventType, byte[] body) {
        String ceType = ceTypeOf(eventType);
        JsonNode node;
        try {
            node = body == null ? null : reader.readTree(body);
        } catch (IOException e) {
            return notJson(ceType, e);
        }
        return validateNode(ceType, node);
    }

    /** Validates a message body given as text; see {@link #validate(String, byte[])}. */
    public ValidationResult validate(String eventType, String body) {
        return validate(eventType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Validates an already parsed message body; see {@link #validate(String, byte[])}. */
    public ValidationResult validate(String eventType, JsonNode body) {
        return validateNode(ceTypeOf(eventType), body);
    }

    private ValidationResult validateNode(String ceType, JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return new ValidationResult(ceType,
                    List.of(new FieldError(WHOLE_MESSAGE, RULE_JSON, "the message body is empty")));
        }
        List<Error> errors = schemas.get(ceType).validate(node);
        List<FieldError> fieldErrors = new ArrayList<>(errors.size());
        for (Error error : errors) {
            fieldErrors.add(new FieldError(fieldOf(error), error.getKeyword(), error.getMessage()));
        }
        fieldErrors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::rule));
        return new ValidationResult(ceType, fieldErrors);
    }

    /**
     * The JSON pointer of the field an error is about. For {@code required} (and {@code additionalProperties}) the
     * library reports the parent object as instance location and the property separately; name the property.
     */
    private static String fieldOf(Error error) {
        String location = pointer(error.getInstanceLocation());
        String property = error.getProperty();
        if (property != null && ("required".equals(error.getKeyword())
                || "additionalProperties".equals(error.getKeyword())
                || "dependentRequired".equals(error.getKeyword()))) {
            return (WHOLE_MESSAGE.equals(location) ? "" : location) + "/" + escape(property);
        }
        return location;
    }

    private static String pointer(NodePath path) {
        String text = path == null ? "" : path.toString();
        return text.isEmpty() ? WHOLE_MESSAGE : text;
    }

    /** RFC 6901 escaping of one reference token. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static ValidationResult notJson(String ceType, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new ValidationResult(ceType, List.of(new FieldError(WHOLE_MESSAGE, RULE_JSON,
                "the message body is not valid JSON: " + detail)));
    }

    private static String ceTypeOf(String eventType) {
        return EventSchemas.ceTypeOf(eventType)
                .orElseThrow(() -> new IllegalArgumentException("no schema for event type " + eventType));
    }

    private static Schema load(SchemaRegistry registry, ObjectMapper mapper, String resource) {
        try (InputStream in = EventSchemaValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            JsonNode schemaNode = mapper.readTree(in);
            Schema schema = registry.getSchema(SchemaLocation.of(schemaNode.path("$id").asText(resource)), schemaNode);
            schema.initializeValidators(); // resolve $refs now, not on the first message
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + resource, e);
        }
    }
}
