package dev.bricklayer.security;

import static dev.bricklayer.servicetest.WorkspaceEvents.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.security.reconcile.PassOutcome;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.EmulatedAzure.Person;
import dev.bricklayer.servicetest.ReadyWorkspace;

/**
 * Unity Catalog catalogs of ready workspaces (the emulator's metastore of westeurope, assigned to each, its catalogs
 * shared by them): made, isolated, bound and given their schemas with exactly the writes needed, announced one
 * {@code CatalogProvisioned} each, adopted when another workspace made them, left alone when right, and hand-made drift
 * corrected or reported.
 */
class CatalogsApplicationTest extends SecurityServiceTest {

    private static final String UC = "/api/2.1/unity-catalog";

    /** A workspace secured with {@link DesiredStates#catalogs}, and a person who is its admin. */
    private Person secured(ReadyWorkspace workspace, String prefix, DriftMode mode) {
        Person person = azure.person(workspace, "steward@contoso.example");
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.catalogs(prefix, mode),
                metastoreOf(person))).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);
        return person;
    }

    private static String metastoreOf(Person person) {
        return person.call("GET", UC + "/current-metastore-assignment", null).get("metastore_id").asText();
    }

    private static List<String> schemas(Person person, String catalog) {
        List<String> names = new java.util.ArrayList<>();
        person.call("GET", UC + "/schemas?catalog_name=" + catalog, null).get("schemas").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private static Map<String, Object> unbind(ReadyWorkspace workspace) {
        return Map.of("remove", List.of(Map.of("workspace_id", Long.parseLong(workspace.workspaceId()))));
    }

    @Test
    void catalogsAreMadeIsolatedBoundAndGivenTheirSchemasAndEachIsAnnouncedOnce() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-uc-new");
        long mark = azure.mark();

        Person person = secured(workspace, "new", DriftMode.ENFORCE);

        assertThat(writes(workspace.name(), mark)).containsExactly(
                "POST " + UC + "/catalogs",
                "PATCH " + UC + "/bindings/catalog/new_analytics",
                "POST " + UC + "/schemas", "POST " + UC + "/schemas",
                "PATCH " + UC + "/catalogs/new_analytics",
                "POST " + UC + "/catalogs");
        JsonNode analytics = person.call("GET", UC + "/catalogs/new_analytics", null);
        assertThat(analytics.get("isolation_mode").asText()).isEqualTo("ISOLATED");
        assertThat(analytics.get("comment").asText()).isEqualTo("Curated data");
        assertThat(person.call("GET", UC + "/bindings/catalog/new_analytics", null).get("bindings")).singleElement().satisfies(binding -> {
            assertThat(binding.get("workspace_id").asText()).isEqualTo(workspace.workspaceId());
            assertThat(binding.get("binding_type").asText()).isEqualTo("BINDING_TYPE_READ_WRITE");
        });
        assertThat(schemas(person, "new_analytics")).containsExactlyInAnyOrder("default", "raw", "curated");
        assertThat(person.call("GET", UC + "/catalogs/new_reference", null).get("isolation_mode").asText()).isEqualTo("OPEN");
        String metastore = metastoreOf(person);
        assertThat(events(workspace.name(), "CatalogProvisioned"))
                .extracting(e -> e.get("catalogName").asText(), e -> e.get("metastoreId").asText(), e -> e.get("isolationMode").asText())
                .containsExactly(tuple("new_analytics", metastore, "ISOLATED"), tuple("new_reference", metastore, "OPEN"));
        assertThat(events(workspace.name(), "WorkspaceSecured").get(0).get("catalogs").asInt()).isEqualTo(2);
    }

    @Test
    void catalogsAnotherWorkspaceMadeAreAdoptedAndThisWorkspaceIsBoundToTheIsolatedOne() {
        ReadyWorkspace first = azure.deployWorkspace("sec-uc-shared-1");
        secured(first, "shared", DriftMode.ENFORCE);
        ReadyWorkspace second = azure.deployWorkspace("sec-uc-shared-2");
        long mark = azure.mark();

        Person person = secured(second, "shared", DriftMode.ENFORCE);

        assertThat(writes(second.name(), mark)).containsExactly("PATCH " + UC + "/bindings/catalog/shared_analytics");
        assertThat(person.call("GET", UC + "/bindings/catalog/shared_analytics", null).get("bindings"))
                .extracting(binding -> binding.get("workspace_id").asText())
                .containsExactlyInAnyOrder(first.workspaceId(), second.workspaceId());
        assertThat(events(second.name(), "CatalogProvisioned")).hasSize(2);
    }

    @Test
    void aSharedCatalogMadeUnreadableByAnotherWorkspacesPassMidwayIsPlannedAgainNotFailed() {
        ReadyWorkspace first = azure.deployWorkspace("sec-uc-race-1");
        secured(first, "race", DriftMode.ENFORCE);
        ReadyWorkspace second = azure.deployWorkspace("sec-uc-race-2");
        // what the second workspace's pass meets when the first one's pass isolates a catalog between its reads: the
        // catalog it just listed as readable answers as Unity Catalog answers an unbound workspace, once
        azure.admin("POST", "/admin/faults", Map.of("id", "uc-race", "surface", "workspace", "workspace", second.name(),
                "method", "GET", "pathPattern", UC + "/schemas", "kind", "ERROR", "status", 403, "errorCode", "PERMISSION_DENIED",
                "message", "Catalog 'race_reference' is not accessible in current workspace.", "times", 1));
        long mark = azure.mark();

        Person person = secured(second, "race", DriftMode.ENFORCE);

        assertThat(azure.journal().find(e -> second.name().equals(e.workspace()) && e.sequence() > mark && e.status() == 403))
                .as("the race was met").hasSize(1);
        assertThat(events(second.name(), "WorkspaceSecuringFailed")).isEmpty();
        assertThat(writes(second.name(), mark)).containsExactly("PATCH " + UC + "/bindings/catalog/race_analytics");
        assertThat(person.call("GET", UC + "/bindings/catalog/race_analytics", null).get("bindings"))
                .extracting(binding -> binding.get("workspace_id").asText())
                .containsExactlyInAnyOrder(first.workspaceId(), second.workspaceId());
    }

    @Test
    void aSecondWorkspaceReadyChangesNothingAndAnnouncesTheCatalogsAgain() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-uc-replay");
        Person person = secured(workspace, "replay", DriftMode.ENFORCE);
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.catalogs("replay", DriftMode.ENFORCE),
                metastoreOf(person))).block();

        awaitEvents(workspace.name(), "WorkspaceSecured", 2);
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(events(workspace.name(), "CatalogProvisioned")).hasSize(4);
    }

    @Test
    void handMadeDriftInCatalogsIsNamedCorrectedAndThenInSync() throws Exception {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-uc-drift");
        Person person = secured(workspace, "drift", DriftMode.ENFORCE);
        person.call("PATCH", UC + "/catalogs/drift_analytics", Map.of("isolation_mode", "OPEN"));
        person.call("PATCH", UC + "/bindings/catalog/drift_analytics", unbind(workspace));
        person.call("DELETE", UC + "/schemas/drift_analytics.raw", null);
        person.call("DELETE", UC + "/catalogs/drift_reference?force=true", null);
        long mark = azure.mark();

        PassOutcome outcome = passes.onDemand(workspace.name()).orElseThrow().get(30, TimeUnit.SECONDS);

        assertThat(outcome.result()).isEqualTo(Result.DRIFT_CORRECTED);
        assertThat(outcome.differences()).extracting("objectType", "objectName", "attribute", "desired", "actual").containsExactly(
                tuple("catalog", "drift_analytics", "binding", "BINDING_TYPE_READ_WRITE", null),
                tuple("schema", "drift_analytics.raw", "*", "present", null),
                tuple("catalog", "drift_analytics", "isolation_mode", "ISOLATED", "OPEN"),
                tuple("catalog", "drift_reference", "*", "OPEN, schemas []", null));
        assertThat(writes(workspace.name(), mark)).containsExactly(
                "PATCH " + UC + "/bindings/catalog/drift_analytics", "POST " + UC + "/schemas",
                "PATCH " + UC + "/catalogs/drift_analytics", "POST " + UC + "/catalogs");
        assertThat(awaitEvents(workspace.name(), "DriftDetected", 1).get(0).get("differences")).hasSize(4);
        assertThat(awaitEvents(workspace.name(), "DriftCorrected", 1).get(0).get("corrections")).hasSize(4);
        assertThat(awaitEvents(workspace.name(), "CatalogProvisioned", 4)).hasSize(4);
        assertThat(person.call("GET", UC + "/catalogs/drift_analytics", null).get("isolation_mode").asText()).isEqualTo("ISOLATED");
        assertThat(schemas(person, "drift_analytics")).contains("raw");

        long after = azure.mark();
        PassOutcome again = passes.onDemand(workspace.name()).orElseThrow().get(30, TimeUnit.SECONDS);

        assertThat(again.result()).isEqualTo(Result.IN_SYNC);
        assertThat(azure.writesSince(workspace.name(), after)).isZero();
    }

    @Test
    void aRemovedBindingIsOnlyReportedInReportModeWithoutAWrite() throws Exception {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-uc-report");
        Person person = secured(workspace, "report", DriftMode.REPORT);
        person.call("PATCH", UC + "/bindings/catalog/report_analytics", unbind(workspace));
        long mark = azure.mark();

        PassOutcome outcome = passes.onDemand(workspace.name()).orElseThrow().get(30, TimeUnit.SECONDS);

        assertThat(outcome.result()).isEqualTo(Result.DRIFT_REPORTED);
        assertThat(outcome.differences()).extracting("objectType", "objectName", "attribute", "desired", "actual")
                .containsExactly(tuple("catalog", "report_analytics", "binding", "BINDING_TYPE_READ_WRITE", null));
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(events(workspace.name(), "DriftCorrected")).isEmpty();
    }

    @Test
    void aWorkspaceWithoutAMetastoreFailsAtTheCatalogStepWithTheServicesCodeAndWritesNothing() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-uc-nometastore");
        String metastore = metastoreOf(azure.person(workspace, "steward@contoso.example"));
        azure.apiClients("security-service-test", Map.of()).account().delete()
                .uri("/api/2.0/accounts/{account}/workspaces/{workspace}/metastores/{metastore}", EmulatedAzure.ACCOUNT,
                        workspace.workspaceId(), metastore)
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.catalogs("none", DriftMode.ENFORCE),
                null)).block();

        JsonNode failed = awaitEvents(workspace.name(), "WorkspaceSecuringFailed", 1).get(0);
        assertThat(failed.get("step").asText()).isEqualTo("catalogs");
        assertThat(failed.get("errorCode").asText()).isEqualTo("METASTORE_DOES_NOT_EXIST");
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(events(workspace.name(), "CatalogProvisioned")).isEmpty();
    }
}
