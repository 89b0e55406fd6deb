package dev.bricklayer.emulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.server.JsonBodies.Format;
import reactor.core.publisher.Mono;

class JsonBodiesTest {

    private final JsonBodies bodies = new JsonBodies(new ObjectMapper());

    private static ServerRequest body(String text) {
        return MockServerRequest.builder().body(text == null ? Mono.empty() : Mono.just(text));
    }

    private EmulatorException refused(String text, Format format) {
        return catchThrowableOfType(() -> bodies.object(body(text), format).block(), EmulatorException.class);
    }

    @Test
    void noBodyOrOnlyWhiteSpaceIsAnEmptyObject() {
        assertThat(bodies.object(body(null), Format.ARM).block()).isEmpty();
        assertThat(bodies.object(body(" \n"), Format.SCIM).block()).isEmpty();
        assertThat(bodies.map(body(""), Format.DATABRICKS).block()).isEmpty();
    }

    @Test
    void aJsonObjectIsReadAsTreeOrAsPlainValues() {
        assertThat(bodies.object(body("{\"a\":{\"b\":1}}"), Format.ARM).block().at("/a/b").asInt()).isEqualTo(1);
        assertThat(bodies.map(body("{\"n\":1,\"list\":[\"x\"],\"on\":true}"), Format.DATABRICKS).block())
                .containsEntry("n", 1).containsEntry("list", java.util.List.of("x")).containsEntry("on", true);
    }

    @Test
    void eachSurfaceRefusesMalformedJsonInItsOwnShape() {
        EmulatorException arm = refused("{not json", Format.ARM);
        EmulatorException databricks = refused("[1, 2]", Format.DATABRICKS);
        EmulatorException scimSyntax = refused("{", Format.SCIM);
        EmulatorException scimArray = refused("[]", Format.SCIM);

        assertThat(arm.status()).isEqualTo(400);
        assertThat(arm.body()).isEqualTo(Map.of("error", Map.of("code", "InvalidRequestContent",
                "message", "The request content was invalid and could not be deserialized.")));
        assertThat(databricks.body()).containsEntry("error_code", "MALFORMED_REQUEST");
        assertThat(scimSyntax.body()).containsEntry("detail", "Request body is not valid JSON").containsEntry("scimType", "invalidSyntax")
                .containsEntry("status", "400");
        assertThat(scimArray.body()).containsEntry("detail", "Request body must be a JSON object");
    }

    /** A value the target type cannot bind is refused like malformed JSON. */
    record Named(String name, int size) {
    }

    @Test
    void aBodyThatDoesNotBindIsRefused() {
        assertThat(bodies.as(body("{\"name\":\"a\",\"size\":3}"), Named.class, Format.DATABRICKS).block()).isEqualTo(new Named("a", 3));
        assertThat(catchThrowableOfType(() -> bodies.as(body("{\"size\":\"big\"}"), Named.class, Format.DATABRICKS).block(),
                EmulatorException.class).body()).containsEntry("error_code", "MALFORMED_REQUEST");
    }
}
