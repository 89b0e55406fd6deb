package dev.bricklayer.emulator.server;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import reactor.core.publisher.Mono;

/**
 * Request and response bodies of every emulator surface. A request body is read as text and parsed as one JSON
 * object, whatever its {@code Content-Type}; no body, or only white space, is {@code {}}; anything else is refused
 * in the surface's own error shape ({@link Format}). Responses are written as {@code application/json}.
 */
@Component
public class JsonBodies {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** How a surface says that a request body is not the JSON object it expects. */
    public enum Format {
        /** {@code 400 InvalidRequestContent} in the ARM error envelope. */
        ARM,
        /** {@code 400 MALFORMED_REQUEST} — the workspace REST APIs (and the admin API). */
        DATABRICKS,
        /** {@code 400} RFC 7644 error with {@code scimType: invalidSyntax}. */
        SCIM;

        /** The body is not JSON at all. */
        public EmulatorException notJson() {
            return switch (this) {
                case ARM -> EmulatorException.arm(400, "InvalidRequestContent",
                        "The request content was invalid and could not be deserialized.");
                case DATABRICKS -> EmulatorException.databricks(400, "MALFORMED_REQUEST", "Invalid JSON given in the body of the request");
                case SCIM -> EmulatorException.scim(400, "Request body is not valid JSON", "invalidSyntax");
            };
        }

        /** The body is JSON, but not an object (or not of the expected shape). */
        public EmulatorException notAnObject() {
            return this == SCIM ? EmulatorException.scim(400, "Request body must be a JSON object", "invalidSyntax") : notJson();
        }
    }

    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a JSON object. */
    public Mono<ObjectNode> object(ServerRequest request, Format format) {
        return request.bodyToMono(String.class).defaultIfEmpty("").map(text -> parse(text, format));
    }

    /** The body as a map of plain Java values (strings, numbers, booleans, lists, maps). */
    public Mono<Map<String, Object>> map(ServerRequest request, Format format) {
        return as(request, MAP, format);
    }

    /** The body bound to {@code type}; a body that does not bind is refused like one that is not JSON. */
    public <T> Mono<T> as(ServerRequest request, Class<T> type, Format format) {
        return object(request, format).map(node -> bind(() -> mapper.treeToValue(node, type), format));
    }

    private <T> Mono<T> as(ServerRequest request, TypeReference<T> type, Format format) {
        return object(request, format).map(node -> bind(() -> mapper.convertValue(node, type), format));
    }

    private ObjectNode parse(String text, Format format) {
        if (text.isBlank()) {
            return mapper.createObjectNode();
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw format.notJson();
        }
        if (!node.isObject()) {
            throw format.notAnObject();
        }
        return (ObjectNode) node;
    }

    private static <T> T bind(Binding<T> binding, Format format) {
        try {
            return binding.bind();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw format.notAnObject();
        }
    }

    @FunctionalInterface
    private interface Binding<T> {
        T bind() throws java.io.IOException;
    }

    /** {@code 200} with a JSON body. */
    public static Mono<ServerResponse> ok(Object body) {
        return status(200, body);
    }

    /** {@code status} with a JSON body. */
    public static Mono<ServerResponse> status(int status, Object body) {
        return write(ServerResponse.status(status), body);
    }

    /** A JSON body on a response whose status and headers are already set. */
    public static Mono<ServerResponse> write(ServerResponse.BodyBuilder response, Object body) {
        return response.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
