package dev.bricklayer.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.observability.ObservabilityAutoConfiguration;
import reactor.core.publisher.Mono;

/**
 * A small WebFlux API with the common REST stack: how it reads bodies (strictly) and how it answers every kind of
 * error (a problem detail naming the field and the rule; 401 and 403 with {@code WWW-Authenticate} as well).
 */
@SpringBootTest(classes = ApiErrorsTest.ThingsApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiErrorsTest {

    @SpringBootConfiguration
    @EnableWebFluxSecurity
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
            ReactiveWebServerFactoryAutoConfiguration.class, WebFluxAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
            ErrorWebFluxAutoConfiguration.class, ReactiveSecurityAutoConfiguration.class, ObservabilityAutoConfiguration.class,
            ApiErrorsAutoConfiguration.class})
    static class ThingsApp {

        @Bean
        ThingsController thingsController() {
            return new ThingsController();
        }

        /** "writer" has the role, "reader" has none, anything else is not a token. */
        @Bean
        ReactiveJwtDecoder decoder() {
            return token -> switch (token) {
                case "writer" -> Mono.just(jwt(token, List.of("Thing.Write")));
                case "reader" -> Mono.just(jwt(token, List.of()));
                default -> Mono.error(new BadJwtException("Malformed token"));
            };
        }

        @Bean
        SecurityWebFilterChain api(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
            return ApiSecurity.chain(http, decoder, exchanges -> exchanges.pathMatchers("/things/**").hasAuthority("Thing.Write"));
        }

        private static Jwt jwt(String token, List<String> roles) {
            return Jwt.withTokenValue(token).header("alg", "none").subject("client").claim("roles", roles)
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600)).build();
        }
    }

    /** A body bound to a record. */
    record Thing(String name, int size, Instant madeAt) {
        Thing {
            Objects.requireNonNull(name, "name");
        }
    }

    @RestController
    static class ThingsController {

        @PostMapping("/things")
        Mono<Thing> make(@RequestBody Thing thing) {
            return Mono.just(thing);
        }

        @PostMapping("/things/trees")
        Mono<Map<String, Object>> tree(@RequestBody JsonNode tree) {
            return Mono.just(Map.of("fields", tree.size()));
        }

        @GetMapping("/things/{name}")
        Mono<Thing> find(@PathVariable String name, @RequestParam(defaultValue = "0") int page) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No thing " + name));
        }

        @PostMapping("/things/checked")
        Mono<Thing> checked(@RequestBody Thing thing) {
            throw new InvalidRequestException("invalid: /name [pattern] lower-case only; /size [range] 1 to 10", List.of(
                    new FieldError("/name", "pattern", "lower-case only"), new FieldError("/size", "range", "1 to 10")));
        }

        @GetMapping("/things/broken/{name}")
        Mono<Thing> broken(@PathVariable String name) {
            throw new IllegalStateException("secret internals of " + name);
        }
    }

    @Autowired
    WebTestClient web;

    private WebTestClient.BodyContentSpec post(String path, String body, HttpStatus status) {
        return web.post().uri(path).header("Authorization", "Bearer writer").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status.value())
                .jsonPath("$.title").isEqualTo(status.getReasonPhrase())
                .jsonPath("$.instance").isEqualTo(path)
                .jsonPath("$.correlationId").isNotEmpty();
    }

    /** A 400 problem whose first error names {@code field} and {@code rule}. */
    private WebTestClient.BodyContentSpec refused(String path, String body, String field, String rule) {
        return post(path, body, HttpStatus.BAD_REQUEST)
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].rule").isEqualTo(rule);
    }

    @Test
    void aGoodBodyIsRead() {
        web.post().uri("/things").header("Authorization", "Bearer writer").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"a\",\"size\":2,\"madeAt\":\"2026-01-01T00:00:00Z\",\"colour\":\"red\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.size").isEqualTo(2);
    }

    @Test
    void invalidJsonNamesWhereReadingStopped() {
        refused("/things", "{\"name\": }", "/name", "json")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("json: /name [json] the body is not valid JSON"));
    }

    @Test
    void anEmptyBodyIsRefusedAsMissing() {
        web.post().uri("/things").header("Authorization", "Bearer writer").contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("/")
                .jsonPath("$.errors[0].rule").isEqualTo("required");
    }

    @Test
    void aSecondValueOrGarbageAfterTheBodyIsRefused() {
        for (String body : List.of("{\"name\":\"a\",\"size\":1} {\"name\":\"b\"}", "{\"name\":\"a\",\"size\":1} garbage",
                "{\"name\":\"a\",\"size\":1}}", "[1] 2")) {
            refused(body.startsWith("[") ? "/things/trees" : "/things", body, "/", "json")
                    .jsonPath("$.errors[0].message").value(message -> assertThat(message.toString()).contains("something follows"));
        }
    }

    @Test
    void aDuplicateKeyIsRefused() {
        refused("/things", "{\"name\":\"a\",\"name\":\"b\",\"size\":1}", "/name", "json")
                .jsonPath("$.errors[0].message").value(message -> assertThat(message.toString()).contains("Duplicate field 'name'"));
    }

    @Test
    void nestingDeeperThanTheBoundIsRefused() {
        String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        post("/things/trees", deep, HttpStatus.BAD_REQUEST)
                .jsonPath("$.errors[0].rule").isEqualTo("json")
                .jsonPath("$.errors[0].message").value(message -> assertThat(message.toString()).contains("nesting depth"));
        String shallow = "{\"a\":".repeat(60) + "1" + "}".repeat(60);
        web.post().uri("/things/trees").header("Authorization", "Bearer writer").contentType(MediaType.APPLICATION_JSON).bodyValue(shallow)
                .exchange().expectStatus().isOk();
    }

    @Test
    void aValueOfTheWrongTypeOrAMissingFieldIsNamedWithItsPointer() {
        refused("/things", "{\"name\":\"a\",\"size\":\"big\"}", "/size", "value");
        refused("/things", "{\"name\":\"a\",\"size\":{\"n\":1}}", "/size", "type");
        refused("/things", "{\"size\":1}", "/name", "required");
    }

    @Test
    void aBodyLargerThanTheCodecLimitIs413() {
        String big = "{\"name\":\"" + "x".repeat(300 * 1024) + "\",\"size\":1}";
        post("/things", big, HttpStatus.PAYLOAD_TOO_LARGE)
                .jsonPath("$.errors[0].rule").isEqualTo("size");
    }

    @Test
    void aRequestRefusedByItsControllerListsEveryField() {
        post("/things/checked", "{\"name\":\"A\",\"size\":11}", HttpStatus.BAD_REQUEST)
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString()).contains("/name", "/size"))
                .jsonPath("$.errors[1].rule").isEqualTo("range")
                .jsonPath("$.detail").isEqualTo("invalid: /name [pattern] lower-case only; /size [range] 1 to 10");
    }

    @Test
    void notFoundWrongMethodAndWrongMediaTypeAreProblemsToo() {
        web.get().uri("/things/nothing").header("Authorization", "Bearer writer").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.detail").isEqualTo("No thing nothing");
        web.get().uri("/things/a/b/c").header("Authorization", "Bearer writer").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.status").isEqualTo(404);
        web.method(HttpMethod.DELETE).uri("/things").header("Authorization", "Bearer writer").exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.status").isEqualTo(405);
        web.post().uri("/things").header("Authorization", "Bearer writer").contentType(MediaType.TEXT_PLAIN).bodyValue("name=a")
                .exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody().jsonPath("$.status").isEqualTo(415);
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsNamed() {
        web.get().uri("/things/a?page=first").header("Authorization", "Bearer writer").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("page")
                .jsonPath("$.errors[0].rule").isEqualTo("type");
    }

    @Test
    void noTokenIs401WithWwwAuthenticateAndAProblemBody() {
        web.get().uri("/things/a").header(Correlation.HEADER, "corr-401").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(Correlation.HEADER, "corr-401")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.instance").isEqualTo("/things/a")
                .jsonPath("$.correlationId").isEqualTo("corr-401")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("bearer token"));
    }

    @Test
    void aBadTokenIs401NamingWhyWithoutTheToken() {
        web.get().uri("/things/a").header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", header -> assertThat(header).startsWith("Bearer").contains("invalid_token"))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(body -> assertThat(body).contains("\"status\":401").contains("Malformed token")
                        .doesNotContain("eyJhbGciOiJub25lIn0"));
    }

    @Test
    void aTokenWithoutTheRoleIs403WithWwwAuthenticateAndAProblemBody() {
        web.get().uri("/things/a").header("Authorization", "Bearer reader").exchange().expectStatus().isForbidden()
                .expectHeader().value("WWW-Authenticate", header -> assertThat(header).contains("insufficient_scope"))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("app roles"));
    }

    @Test
    void anUnexpectedFailureIs500NamingOnlyTheCorrelationId() {
        web.get().uri("/things/broken/x").header("Authorization", "Bearer writer").header(Correlation.HEADER, "corr-500").exchange()
                .expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(body -> assertThat(body).contains("corr-500").doesNotContain("secret internals"));
    }
}
