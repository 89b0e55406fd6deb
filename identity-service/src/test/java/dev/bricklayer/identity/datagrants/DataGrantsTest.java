package dev.bricklayer.identity.datagrants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.security.CatalogProvisioned;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.AccountScopeTestBase;
import dev.bricklayer.servicetest.EmulatedAzure;

/**
 * Unity Catalog grants of the access rules on the catalogs security-service announces, against identity-federated
 * emulated workspaces: applied with one PATCH per securable, drift corrected when the catalog is announced again, other
 * principals left alone, an announcement before the workspace is ready kept until it is.
 */
class DataGrantsTest extends AccountScopeTestBase {

    private static final Set<String> ENGINEERS = Set.of("MODIFY", "SELECT", "USE_CATALOG", "USE_SCHEMA");

    @Test
    void theRulesPrivilegesAreGrantedOnAnAnnouncedCatalogAndItsSchemasWithOnePatchEach() {
        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-dg-ok"), internal(), accountScoped("standard", catalog("analytics", "reports")));
        createCatalog(standard);
        revokeAll(standard); // the catalog is the metastore's: earlier tests may have granted on it
        long since = azure.mark();

        announceCatalog(standard, "analytics");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(grants(standard, "catalog", "analytics")).containsEntry("data-analysts", Set.of("USE_CATALOG"))
                    .containsEntry("data-engineers", ENGINEERS);
            assertThat(grants(standard, "schema", "analytics.reports")).containsEntry("data-analysts", Set.of("SELECT", "USE_SCHEMA"));
        });
        awaitIdle();
        assertThat(workspaceCallsSince(since, standard).stream().filter(e -> e.principal() != null && e.method().equals("PATCH"))
                .map(e -> e.path())).containsExactlyInAnyOrder("/api/2.1/unity-catalog/permissions/catalog/analytics",
                "/api/2.1/unity-catalog/permissions/schema/analytics.reports");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(standard.name(), "DataGrantApplied"))
                .extracting(e -> e.get("securableType").asText() + " " + e.get("fullName").asText() + " " + e.get("principal").asText() + " "
                        + e.get("privileges"))
                .containsExactlyInAnyOrder("catalog analytics data-analysts [\"USE_CATALOG\"]",
                        "catalog analytics data-engineers [\"MODIFY\",\"SELECT\",\"USE_CATALOG\",\"USE_SCHEMA\"]",
                        "schema analytics.reports data-analysts [\"SELECT\",\"USE_SCHEMA\"]"));
    }

    @Test
    void driftIsCorrectedWhenTheCatalogIsAnnouncedAgainAndGrantsToOthersStay() {
        EmulatedWorkspace standard = readyAccountWorkspace(unique("ws-dg-dr"), internal(), accountScoped("standard", catalog("analytics", "reports")));
        provisionCatalog(standard, "analytics", "reports");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(grants(standard, "catalog", "analytics")).containsEntry("data-analysts", Set.of("USE_CATALOG")));
        admin("/admin/accounts/" + EmulatedAzure.ACCOUNT + "/users", map("userName", "grantee@contoso.com"));
        // by hand: the analysts get everything and lose USE_CATALOG; a person gets SELECT
        patchGrants(standard, "catalog", "analytics", List.of(
                Map.of("principal", "data-analysts", "add", List.of("ALL_PRIVILEGES"), "remove", List.of("USE_CATALOG")),
                Map.of("principal", "grantee@contoso.com", "add", List.of("SELECT"))));

        announceCatalog(standard, "analytics"); // security-service corrected the catalog, or made sure of it

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(grants(standard, "catalog", "analytics"))
                .containsEntry("data-analysts", Set.of("USE_CATALOG")).containsEntry("grantee@contoso.com", Set.of("SELECT"))
                .containsEntry("data-engineers", ENGINEERS));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(standard.name(), "DataGrantRemoved"))
                .anySatisfy(e -> {
                    assertThat(e.get("principal").asText()).isEqualTo("data-analysts");
                    assertThat(e.get("privileges").toString()).isEqualTo("[\"ALL_PRIVILEGES\"]");
                }));
    }

    @Test
    void aCatalogAnnouncedBeforeTheWorkspaceIsReadyIsGrantedOnOnceItIs() {
        EmulatedWorkspace standard = deploy(unique("ws-dg-early"), internal(), FEDERATED_REGION);
        createCatalog(standard);
        revokeAll(standard);
        publisher.publish(SecurityTopics.EVENTS, standard.name(), new CatalogProvisioned(standard.name(), "analytics", metastoreOf(standard),
                IsolationMode.OPEN, Instant.now())).block();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !grants(standard, "catalog", "analytics")
                .containsKey("data-analysts"));

        announce(standard, accountScoped("standard", catalog("analytics", "reports")), metastoreOf(standard));

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(grants(standard, "catalog", "analytics"))
                .containsEntry("data-analysts", Set.of("USE_CATALOG")).containsEntry("data-engineers", ENGINEERS));
    }

    /** The catalog and its schema made as security-service would, without announcing them. */
    private static void createCatalog(EmulatedWorkspace workspace) {
        createIfAbsent(workspace, "/api/2.1/unity-catalog/catalogs", Map.of("name", "analytics"));
        createIfAbsent(workspace, "/api/2.1/unity-catalog/schemas", Map.of("catalog_name", "analytics", "name", "reports"));
    }

    /** Every privilege of the managed groups on analytics taken away by hand. */
    private void revokeAll(EmulatedWorkspace workspace) {
        for (String[] securable : new String[][] {{"catalog", "analytics"}, {"schema", "analytics.reports"}}) {
            Map<String, Set<String>> now = grants(workspace, securable[0], securable[1]);
            List<Map<String, Object>> changes = now.entrySet().stream().filter(e -> e.getKey().startsWith("data-"))
                    .map(e -> Map.<String, Object>of("principal", e.getKey(), "remove", List.copyOf(e.getValue()))).toList();
            if (!changes.isEmpty()) {
                patchGrants(workspace, securable[0], securable[1], changes);
            }
        }
    }
}
