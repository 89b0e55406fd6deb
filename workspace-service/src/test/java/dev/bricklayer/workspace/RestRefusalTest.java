package dev.bricklayer.workspace;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.journal.Journal;

/**
 * Bad request bodies over REST get what the requests topic gives the same bytes: refused, in the same words, as a
 * problem detail ({@code application/problem+json}) whose {@code errors} name the field (a JSON pointer) and the
 * rule — and nothing is published, so nothing is deployed.
 */
class RestRefusalTest extends WorkspaceServiceTest {

    /** A body and the field and rule its refusal must name. */
    private interface Body {
        byte[] bytes(ObjectMapper mapper, String workspace);
    }

    private static Arguments bad(String what, Body body, String field, String rule) {
        return Arguments.of(what, body, field, rule);
    }

    private static String valid(ObjectMapper mapper, String workspace) {
        return mapper.valueToTree(Requests.valid(workspace)).toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> badBodies() {
        List<Arguments> bodies = new ArrayList<>(List.of(
                bad("not JSON", (m, w) -> utf8("{not json"), "/", "json"),
                bad("trailing garbage", (m, w) -> utf8(valid(m, w) + " garbage"), "/", "json"),
                bad("two JSON values", (m, w) -> utf8(valid(m, w) + " {}"), "/", "json"),
                bad("a duplicate key", (m, w) -> utf8("{\"region\":\"westeurope\"," + valid(m, w).substring(1)), "/", "json"),
                bad("nesting 100 deep", (m, w) -> utf8("{\"overrides\":".repeat(100) + "1" + "}".repeat(100)), "/", "json"),
                bad("a NUL character", (m, w) -> utf8(valid(m, w).replace("platform-team@contoso.com", "platform\\u0000team")),
                        "/requestedBy", "encoding"),
                bad("bytes that are not UTF-8", (m, w) -> valid(m, w).replace("platform-team", "équipe").getBytes(StandardCharsets.ISO_8859_1),
                        "/", "encoding"),
                bad("a JSON array", (m, w) -> utf8("[1,2,3]"), "/", "type"),
                bad("a JSON string", (m, w) -> utf8("\"please deploy\""), "/", "type"),
                bad("JSON null", (m, w) -> utf8("null"), "/", "type")));
        for (BadRequests.Case bad : BadRequests.schemaBreaks()) {
            bodies.add(bad(bad.what(), (m, w) -> utf8(bad.body(m, w).toString()), bad.field(), bad.rule()));
        }
        for (BadRequests.Case bad : BadRequests.ruleBreaks()) {
            bodies.add(bad(bad.what(), (m, w) -> utf8(bad.body(m, w).toString()), bad.field(), bad.rule()));
        }
        return bodies.stream();
    }

    @Test
    void theTableHasAtLeastFortyBodies() {
        assertThat(badBodies()).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsAProblemNamingTheFieldAndTheRuleAndNothingIsPublished(String what, Body body, String field, String rule) {
        long before = requestsPublished();

        JsonNode problem = json(web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body.bytes(mapper, "ws-rest-refused")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody());

        List<String> named = new ArrayList<>();
        problem.get("errors").forEach(error -> named.add(error.get("field").asText() + " [" + error.get("rule").asText() + "]"));
        assertThat(named).contains(field + " [" + rule + "]");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/workspaces");
        assertThat(problem.get("detail").asText()).startsWith("Workspace request").contains(field + " [" + rule + "]");
        assertThat(requestsPublished()).as("published on the requests topic").isEqualTo(before);
    }

    @Test
    void trailingGarbageAfterAValidRequestIsRefusedAndNothingIsDeployed() {
        long before = requestsPublished();
        String body = valid(mapper, "ws-rest-garbage") + "\n{\"and\": \"more\"}";

        web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(utf8(body)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("/")
                .jsonPath("$.errors[0].rule").isEqualTo("json")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("Workspace request refused: json: "));
        web.post().uri("/api/v1/workspaces/plan").header("Authorization", platformTeam()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(utf8(body)).exchange().expectStatus().isBadRequest();

        assertThat(requestsPublished()).isEqualTo(before);
        web.get().uri("/api/v1/workspaces/ws-rest-garbage").header("Authorization", platformTeam()).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("No workspace ws-rest-garbage");
        assertThat(azure.bean(Journal.class).count(e -> e.path().contains("ws-rest-garbage"))).isZero();
    }

    @Test
    void anEmptyBodyIsAProblemNamingTheMissingBody() {
        web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam()).contentType(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("/")
                .jsonPath("$.errors[0].rule").isEqualTo("required")
                .jsonPath("$.correlationId").isNotEmpty();
    }

    @Test
    void aRefusalNamesTheWorkspaceAndEveryFieldAndCloseRegions() {
        ObjectNode body = mapper.valueToTree(Requests.valid("ws-rest-atlantis"));
        body.put("region", "westeuropa").put("pricingTier", "standard");

        web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(utf8(body.toString())).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("Workspace request for ws-rest-atlantis refused: rules: "))
                .jsonPath("$.errors[?(@.field == '/region')].message").value(message -> assertThat(message.toString())
                        .contains("westeuropa").contains("westeurope"))
                .jsonPath("$.errors[?(@.field == '/pricingTier')].rule").isEqualTo("premium-for-ip-access-lists");
    }

    @Test
    void theApiDocumentDescribesTheBodyAsAWorkspaceRequest() {
        JsonNode document = json(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());

        for (String path : List.of("/api/v1/workspaces", "/api/v1/workspaces/plan")) {
            assertThat(document.at("/paths/" + path.replace("/", "~1") + "/post/requestBody/content/application~1json/schema/$ref").asText())
                    .as(path).endsWith("/WorkspaceRequested");
        }
    }

    @Test
    void withoutATokenOrTheRoleTheAnswerIsAProblemAndWwwAuthenticate() {
        web.post().uri("/api/v1/workspaces").contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.valid("ws-rest-anonymous"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.instance").isEqualTo("/api/v1/workspaces")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("bearer token"));
        web.post().uri("/api/v1/workspaces").header("Authorization", azure.bearer(AUDITOR, List.of("Workspace.Read")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Requests.valid("ws-rest-reader")).exchange()
                .expectStatus().isForbidden()
                .expectHeader().value("WWW-Authenticate", header -> assertThat(header).contains("insufficient_scope"))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("app roles"));
        web.delete().uri("/api/v1/workspaces/ws-rest-unknown").header("Authorization", platformTeam()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("No workspace ws-rest-unknown");
    }
}
