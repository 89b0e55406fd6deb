package dev.bricklayer.emulator.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.journal.JournalEntry;

/**
 * The sign-in audit of the new flows: federated and managed-identity token requests are in the journal like any Entra
 * ID request (surface {@code aad}, principal = the app's client id), and no assertion or token value reaches the
 * journal, the admin API's journal view or the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class FederationAuditTest extends WorkloadIdentityTestBase {

    @Test
    void federatedAndManagedIdentitySignInsAreJournaledWithoutAnyAssertionOrTokenValue(CapturedOutput output) throws Exception {
        trustLocalCluster();
        List<String> secrets = new ArrayList<>();
        String assertion = mint(ISSUER_NAME, "identity-service", Map.of()).get("token").asText();
        String expired = mint(ISSUER_NAME, "identity-service", Map.of("lifetimeSeconds", -60)).get("token").asText();
        String stranger = mint("audit-other-cluster", "identity-service", Map.of()).get("token").asText();
        secrets.addAll(List.of(assertion, expired, stranger));

        JsonNode granted = json(tokenWithAssertion(WORKLOAD_APP, assertion), 200);
        json(tokenWithAssertion(WORKLOAD_APP, expired), 401);
        json(tokenWithAssertion(WORKLOAD_APP, stranger), 401);
        JsonNode appService = json(http.get(servers.mainBaseUrl() + "/msi/token?api-version=2019-08-01&resource="
                + TokenIssuer.DATABRICKS_RESOURCE, Map.of("X-IDENTITY-HEADER", IDENTITY_HEADER)), 200);
        JsonNode imds = json(http.get(servers.mainBaseUrl() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                + TokenIssuer.DATABRICKS_RESOURCE + "&client_id=" + USER_IDENTITY, Map.of("Metadata", "true")), 200);
        secrets.addAll(List.of(granted.get("access_token").asText(), appService.get("access_token").asText(),
                imds.get("access_token").asText(), IDENTITY_HEADER));

        List<JournalEntry> entries = journal.find(e -> e.path().endsWith("/oauth2/v2.0/token") || e.path().equals("/msi/token")
                || e.path().equals("/metadata/identity/oauth2/token"));
        assertThat(entries).anySatisfy(e -> assertEntry(e, "/" + TENANT + "/oauth2/v2.0/token", 200, WORKLOAD_APP));
        assertThat(entries).anySatisfy(e -> assertEntry(e, "/" + TENANT + "/oauth2/v2.0/token", 401, WORKLOAD_APP));
        assertThat(entries).anySatisfy(e -> assertEntry(e, "/msi/token", 200, SYSTEM_IDENTITY));
        assertThat(entries).anySatisfy(e -> assertEntry(e, "/metadata/identity/oauth2/token", 200, USER_IDENTITY));
        String journalView = admin("GET", "/admin/journal?surface=aad", null).body();
        String everything = journal.all().toString() + journalView + output.getAll();
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
            assertThat(everything).doesNotContain(secret.substring(secret.lastIndexOf('.') + 1));
        }
    }

    private static void assertEntry(JournalEntry entry, String path, int status, String principal) {
        assertThat(entry.surface()).isEqualTo("aad");
        assertThat(entry.path()).isEqualTo(path);
        assertThat(entry.status()).isEqualTo(status);
        assertThat(entry.principal()).isEqualTo(principal);
    }
}
