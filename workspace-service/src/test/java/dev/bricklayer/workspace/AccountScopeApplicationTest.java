package dev.bricklayer.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.workspace.metastore.AccountMetastoresClient;

/**
 * workspace-service as it runs, with requests in the account scope and Unity Catalog (the shipped blueprint with
 * overrides): the plan shows the account-level parts, the status API the metastore step, and bad values of the new
 * fields are refused alike over REST and Kafka.
 */
class AccountScopeApplicationTest extends WorkspaceServiceTest {

    private static final Map<String, Object> ACCOUNT_SCOPE = Map.of(
            "identityScope", "account",
            "unityCatalog", Map.of("defaultCatalog", "sales", "catalogs", List.of(
                    Map.of("name", "sales", "isolationMode", "ISOLATED", "schemas", List.of("raw")), Map.of("name", "reference"))),
            "arm", Map.of("computeMode", "Hybrid", "publicNetworkAccess", "Enabled"));

    private static WorkspaceRequested accountScope(String name, Map<String, Object> overrides) {
        WorkspaceRequested request = Requests.valid(name);
        return Requests.with(request, PricingTier.PREMIUM, request.network(), request.blueprint(), overrides);
    }

    private static String metastoreId() {
        return new AccountMetastoresClient(azure.apiClients("workspace-service-test", Map.of())).list("test")
                .block(Duration.ofSeconds(10)).get(0).metastoreId();
    }

    private static List<JournalEntry> accountCalls(long since) {
        return azure.bean(Journal.class).find(e -> "account".equals(e.surface()) && e.sequence() > since);
    }

    @Test
    void aPlanShowsTheScopeTheArmApiVersionAndOptionsTheMetastoreToAssignAndTheCatalogsWithoutWriting() {
        String metastore = metastoreId();
        long before = azure.mark();

        JsonNode plan = web.post().uri("/api/v1/workspaces/plan").header("Authorization", platformTeam())
                .bodyValue(accountScope("ws-acc-plan", ACCOUNT_SCOPE)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode classic = web.post().uri("/api/v1/workspaces/plan").header("Authorization", platformTeam())
                .bodyValue(Requests.valid("ws-acc-plan-classic")).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(plan.get("identityScope").asText()).isEqualTo("account");
        assertThat(plan.at("/arm/apiVersion").asText()).isEqualTo("2026-01-01");
        assertThat(plan.at("/arm/computeMode").asText()).isEqualTo("Hybrid");
        assertThat(plan.at("/armTemplate/resources/2/apiVersion").asText()).isEqualTo("2026-01-01");
        assertThat(plan.at("/armParameters/publicNetworkAccess/value").asText()).isEqualTo("Enabled");
        assertThat(plan.at("/metastore/required").asBoolean()).isTrue();
        assertThat(plan.at("/metastore/metastoreId").asText()).isEqualTo(metastore);
        assertThat(plan.at("/metastore/defaultCatalog").asText()).isEqualTo("sales");
        assertThat(plan.at("/catalogs/0/name").asText()).isEqualTo("sales");
        assertThat(plan.at("/catalogs/0/isolationMode").asText()).isEqualTo("ISOLATED");
        assertThat(plan.at("/catalogs/0/binding").asText()).isEqualTo("BINDING_TYPE_READ_WRITE");
        assertThat(plan.at("/catalogs/0/schemas/0").asText()).isEqualTo("raw");
        assertThat(plan.at("/catalogs/1/binding").asText()).startsWith("none");
        assertThat(classic.get("identityScope").asText()).isEqualTo("workspace");
        assertThat(classic.at("/arm/apiVersion").asText()).isEqualTo("2024-05-01");
        assertThat(classic.at("/metastore/required").asBoolean()).isFalse();
        assertThat(classic.get("catalogs")).isEmpty();
        assertThat(accountCalls(before)).extracting(e -> e.method() + " " + e.path())
                .containsExactly("GET /api/2.0/accounts/" + dev.bricklayer.servicetest.EmulatedAzure.ACCOUNT + "/metastores");
        // nothing written to ARM, the account or a workspace (Entra ID's token endpoint is a POST that writes nothing)
        assertThat(azure.bean(Journal.class).count(e -> e.sequence() > before && !"aad".equals(e.surface())
                && !"GET".equals(e.method()))).isZero();
    }

    @Test
    void anAccountScopeWorkspaceShowsItsMetastoreStepInTheStatusApiAndItsReadyEventCarriesTheMetastore() {
        String metastore = metastoreId();
        web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam()).bodyValue(accountScope("ws-acc-rest", ACCOUNT_SCOPE))
                .exchange().expectStatus().isAccepted();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> web.get().uri("/api/v1/workspaces/ws-acc-rest")
                .header("Authorization", platformTeam()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("READY")
                .jsonPath("$.steps.deployment.state").isEqualTo("DONE")
                .jsonPath("$.steps.metastore.state").isEqualTo("DONE")
                .jsonPath("$.steps.metastore.at").exists()
                .jsonPath("$.metastoreId").isEqualTo(metastore)
                .jsonPath("$.steps.security.state").isEqualTo("PENDING"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("ws-acc-rest", "WorkspaceReady")).singleElement()
                .satisfies(ready -> {
                    assertThat(ready.get("metastoreId").asText()).isEqualTo(metastore);
                    assertThat(ready.at("/desiredState/identityScope").asText()).isEqualTo("account");
                    assertThat(ready.at("/desiredState/unityCatalog/catalogs/0/name").asText()).isEqualTo("sales");
                }));
    }

    @Test
    void badValuesOfTheNewFieldsAreRefusedNamingFieldAndRuleOverRestAndKafkaAlike() {
        Map<String, Object> bad = Map.of("unityCatalog", Map.of("catalogs", List.of(Map.of("name", "sales.eu"),
                Map.of("name", "ok", "binding", "BINDING_TYPE_READ_ONLY"))), "arm", Map.of("requiredNsgRules", "AllRules"));

        JsonNode problem = web.post().uri("/api/v1/workspaces").header("Authorization", platformTeam())
                .bodyValue(accountScope("ws-acc-bad", bad)).exchange().expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        publisher.publish(WorkspaceTopics.REQUESTS, "ws-acc-bad-kafka", accountScope("ws-acc-bad-kafka", bad)).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("ws-acc-bad-kafka", "WorkspaceRequestRejected"))
                .singleElement().satisfies(rejected -> assertThat(rejected.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                        "/overrides/unityCatalog/catalogs/0/name", "/overrides/unityCatalog/catalogs/1/binding", "/overrides/arm/computeMode")));
        assertThat(problem.get("errors")).extracting(e -> e.get("field").asText() + " [" + e.get("rule").asText() + "]")
                .containsExactlyInAnyOrder("/overrides/unityCatalog/catalogs/0/name [catalog-name]",
                        "/overrides/unityCatalog/catalogs/1/binding [isolated-only]", "/overrides/arm/computeMode [required]");
        assertThat(header(records(REQUESTS_DLQ, "ws-acc-bad-kafka").get(0), "x-exception-message"))
                .contains("rules: /overrides/unityCatalog/catalogs/0/name [catalog-name]");
    }
}
