package dev.bricklayer.servicetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.testsupport.EmbeddedKafka;

/** The scaffolding does what the services' tests rely on, against the real emulator and broker. */
class EmulatedAzureTest {

    private static EmulatedAzure azure;

    @BeforeAll
    static void start() {
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS);
        azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        azure.close();
    }

    @Test
    void aWorkspaceDeployedThroughArmHasItsUrlAndAPersonsCallsAreCountedInTheJournal() {
        ReadyWorkspace workspace = azure.deployWorkspace("sts-person");
        assertThat(workspace.resourceId()).isEqualTo("/subscriptions/" + EmulatedAzure.SUBSCRIPTION
                + "/resourceGroups/rg-sts-person/providers/Microsoft.Databricks/workspaces/sts-person");
        assertThat(workspace.workspaceId()).matches("\\d+");
        assertThat(workspace.workspaceUrl()).startsWith("localhost:");
        EmulatedAzure.Person person = azure.person(workspace, "someone@contoso.com");
        long mark = azure.mark();

        person.call("POST", "/api/2.0/preview/scim/v2/Groups",
                Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "hand-made"));
        person.call("GET", "/api/2.0/preview/scim/v2/Groups", null);

        assertThat(azure.callsSince("sts-person", mark)).isEqualTo(2);
        assertThat(azure.writesSince("sts-person", mark)).isEqualTo(1);
        assertThat(azure.journal().find(e -> e.sequence() > mark)).extracting(JournalEntry::principal)
                .containsOnly("someone@contoso.com");
        assertThatThrownBy(() -> person.call("GET", "/api/2.0/preview/scim/v2/Groups/no-such-group", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("answered 404");
    }

    @Test
    void theHttpStackSignsInAsThePlatformAppAndAuditsEveryCallUnderTheServicesName() {
        ReadyWorkspace workspace = azure.deployWorkspace("sts-stack");
        long mark = azure.mark();

        JsonNode users = azure.apiClients("service-test-support", Map.of("bricklayer.http.budget.share", "0.3"))
                .workspace(workspace.target()).get().uri("/api/2.0/preview/scim/v2/Users").retrieve()
                .bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));

        assertThat(users.has("Resources") || users.has("totalResults")).isTrue();
        assertThat(azure.journal().find(e -> "sts-stack".equals(e.workspace()) && e.sequence() > mark))
                .singleElement().satisfies(e -> assertThat(e.principal()).isEqualTo(EmulatedAzure.CLIENT_ID));
        assertThat(EmbeddedKafka.records(AuditTopics.API_CALLS, 2, Duration.ofSeconds(10)).stream()
                .filter(r -> "sts-stack".equals(r.key()))
                .map(r -> new String(r.headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8)))
                .hasSize(2).allSatisfy(source -> assertThat(source).contains("service-test-support"));
        assertThatThrownBy(() -> azure.apiClients("x", Map.of("bricklayer.aad.client-id", "other")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bricklayer.aad.client-id");
    }

    @Test
    void bearerTokensAreForTheBricklayerApiAndTheServiceSettingsPointAtTheEmulator() {
        String bearer = azure.bearer(EmulatedAzure.AUDITOR, List.of("Audit.Read"));
        TokenIssuer.Verified verified = azure.bean(TokenIssuer.class).verify(bearer.substring("Bearer ".length()), EmulatedAzure.API);
        assertThat(verified.appId()).isEqualTo(EmulatedAzure.AUDITOR);

        Map<String, String> all = ServiceTestProperties.of(azure, "jdbc:postgresql://localhost/x");
        assertThat(all).containsEntry("bricklayer.aad.authority-host", azure.baseUrl())
                .containsEntry("bricklayer.http.arm-base-url", azure.baseUrl())
                .containsEntry("bricklayer.tls.bundle", EmulatedAzure.TRUST_BUNDLE)
                .containsEntry("spring.ssl.bundle.jks.emulator.truststore.location", "file:" + azure.trustStore())
                .containsEntry("bricklayer.api.audience", EmulatedAzure.API)
                .containsEntry("spring.datasource.url", "jdbc:postgresql://localhost/x")
                .containsEntry("spring.kafka.bootstrap-servers", EmbeddedKafka.bootstrapServers());
        assertThat(ServiceTestProperties.withoutAzureCalls(azure, "jdbc:postgresql://localhost/x").keySet())
                .noneMatch(key -> key.startsWith("bricklayer.aad.")).doesNotContain("bricklayer.http.arm-base-url")
                .contains("bricklayer.tls.bundle", "spring.ssl.bundle.jks.emulator.truststore.location", "bricklayer.api.jwk-set-uri");
    }
}
