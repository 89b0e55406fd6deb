package dev.bricklayer.security.catalogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.workspace.BindingType;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.security.RecordingWorkspace;

/** The catalog plan against what was read, and the exact requests its writes make. */
class CatalogPlannerTest {

    private static final long WORKSPACE = 1234567890123456L;
    private static final CatalogSpec ANALYTICS = new CatalogSpec("analytics", "Curated data", IsolationMode.ISOLATED,
            BindingType.BINDING_TYPE_READ_WRITE, List.of("raw", "curated"));
    private static final CatalogSpec REFERENCE = new CatalogSpec("reference", null, null, null, null);

    private final CatalogPlanner planner = new CatalogPlanner();

    private static CatalogState state(CatalogState.Existing... existing) {
        Map<String, CatalogState.Existing> byName = new java.util.LinkedHashMap<>();
        for (CatalogState.Existing catalog : existing) {
            byName.put(catalog.name().toLowerCase(), catalog);
        }
        return new CatalogState("metastore-1", WORKSPACE, byName);
    }

    private static CatalogState.Existing analytics(String isolation, String binding, Set<String> schemas) {
        return new CatalogState.Existing("analytics", "Curated data", isolation, binding, schemas);
    }

    private static List<String> apply(List<CatalogWrite> writes, RecordingWorkspace workspace) {
        writes.forEach(write -> write.action().apply(workspace.catalogApis()).block(Duration.ofSeconds(5)));
        return workspace.calls();
    }

    @Test
    void aMissingIsolatedCatalogIsCreatedBoundGivenItsSchemasThenIsolated() {
        RecordingWorkspace workspace = new RecordingWorkspace().answer("POST /api/2.1/unity-catalog/catalogs",
                "{\"name\":\"analytics\",\"comment\":\"Curated data\",\"isolation_mode\":\"OPEN\"}");

        List<CatalogWrite> writes = planner.plan(List.of(ANALYTICS), state());

        assertThat(writes).singleElement().satisfies(write -> assertThat(write.entries())
                .extracting("objectType", "objectName", "attribute", "desired", "actual")
                .containsExactly(tuple("catalog", "analytics", "*", "ISOLATED, BINDING_TYPE_READ_WRITE, schemas [raw, curated], "
                        + "comment Curated data", null)));
        assertThat(apply(writes, workspace)).containsExactly(
                "POST /api/2.1/unity-catalog/catalogs {\"name\":\"analytics\",\"comment\":\"Curated data\"}",
                "PATCH /api/2.1/unity-catalog/bindings/catalog/analytics {\"add\":[{\"workspace_id\":1234567890123456,"
                        + "\"binding_type\":\"BINDING_TYPE_READ_WRITE\"}]}",
                "POST /api/2.1/unity-catalog/schemas {\"catalog_name\":\"analytics\",\"name\":\"raw\"}",
                "POST /api/2.1/unity-catalog/schemas {\"catalog_name\":\"analytics\",\"name\":\"curated\"}",
                "PATCH /api/2.1/unity-catalog/catalogs/analytics {\"isolation_mode\":\"ISOLATED\"}");
    }

    @Test
    void aMissingOpenCatalogWithoutSchemasIsOneCreate() {
        RecordingWorkspace workspace = new RecordingWorkspace().answer("POST /api/2.1/unity-catalog/catalogs",
                "{\"name\":\"reference\",\"isolation_mode\":\"OPEN\"}");

        assertThat(apply(planner.plan(List.of(REFERENCE), state()), workspace))
                .containsExactly("POST /api/2.1/unity-catalog/catalogs {\"name\":\"reference\"}");
    }

    @Test
    void catalogsAsDesiredMakeNoWrite() {
        assertThat(planner.plan(List.of(ANALYTICS, REFERENCE), state(
                analytics("ISOLATED", "BINDING_TYPE_READ_WRITE", Set.of("default", "raw", "curated")),
                new CatalogState.Existing("Reference", null, "OPEN", null, Set.of("default"))))).isEmpty();
    }

    @Test
    void eachHandMadeDifferenceIsNamedAndCorrectedWithTheOneCallThatRemovesIt() {
        RecordingWorkspace workspace = new RecordingWorkspace();
        CatalogState opened = state(analytics("OPEN", null, Set.of("default", "curated")));

        List<CatalogWrite> writes = planner.plan(List.of(ANALYTICS), opened);

        assertThat(writes).singleElement().satisfies(write -> assertThat(write.entries())
                .extracting("objectType", "objectName", "attribute", "desired", "actual").containsExactly(
                        tuple("catalog", "analytics", "binding", "BINDING_TYPE_READ_WRITE", null),
                        tuple("schema", "analytics.raw", "*", "present", null),
                        tuple("catalog", "analytics", "isolation_mode", "ISOLATED", "OPEN")));
        assertThat(apply(writes, workspace)).containsExactly(
                "PATCH /api/2.1/unity-catalog/bindings/catalog/analytics {\"add\":[{\"workspace_id\":1234567890123456,"
                        + "\"binding_type\":\"BINDING_TYPE_READ_WRITE\"}]}",
                "POST /api/2.1/unity-catalog/schemas {\"catalog_name\":\"analytics\",\"name\":\"raw\"}",
                "PATCH /api/2.1/unity-catalog/catalogs/analytics {\"isolation_mode\":\"ISOLATED\"}");
    }

    @Test
    void aRemovedBindingIsRestoredThenTheSchemasTheWorkspaceCouldNotReadAreCheckedInTheSameWrite() {
        RecordingWorkspace workspace = new RecordingWorkspace().answer("GET /api/2.1/unity-catalog/schemas",
                "{\"schemas\":[{\"name\":\"default\"},{\"name\":\"curated\"}]}");

        List<CatalogWrite> writes = planner.plan(List.of(ANALYTICS), state(analytics("ISOLATED", null, null)));

        assertThat(writes.get(0).entries()).extracting("attribute", "desired", "actual")
                .containsExactly(tuple("binding", "BINDING_TYPE_READ_WRITE", null));
        assertThat(apply(writes, workspace)).containsExactly(
                "PATCH /api/2.1/unity-catalog/bindings/catalog/analytics {\"add\":[{\"workspace_id\":1234567890123456,"
                        + "\"binding_type\":\"BINDING_TYPE_READ_WRITE\"}]}",
                "GET /api/2.1/unity-catalog/schemas?catalog_name=analytics",
                "POST /api/2.1/unity-catalog/schemas {\"catalog_name\":\"analytics\",\"name\":\"raw\"}");
    }

    @Test
    void aBindingOfTheWrongTypeAndAChangedCommentAreSetAgain() {
        RecordingWorkspace workspace = new RecordingWorkspace();
        CatalogSpec readOnly = new CatalogSpec("mirror", null, IsolationMode.ISOLATED, BindingType.BINDING_TYPE_READ_ONLY, List.of());
        CatalogSpec commented = new CatalogSpec("reference", "Shared codes", null, null, null);

        List<CatalogWrite> writes = planner.plan(List.of(readOnly, commented), state(
                new CatalogState.Existing("mirror", null, "ISOLATED", "BINDING_TYPE_READ_WRITE", Set.of("default")),
                new CatalogState.Existing("reference", "old", "OPEN", null, Set.of("default"))));

        assertThat(writes).flatExtracting(CatalogWrite::entries).extracting("objectName", "attribute", "desired", "actual").containsExactly(
                tuple("mirror", "binding", "BINDING_TYPE_READ_ONLY", "BINDING_TYPE_READ_WRITE"),
                tuple("reference", "comment", "Shared codes", "old"));
        assertThat(apply(writes, workspace)).containsExactly(
                "PATCH /api/2.1/unity-catalog/bindings/catalog/mirror {\"add\":[{\"workspace_id\":1234567890123456,"
                        + "\"binding_type\":\"BINDING_TYPE_READ_ONLY\"}]}",
                "PATCH /api/2.1/unity-catalog/catalogs/reference {\"comment\":\"Shared codes\"}");
    }

    @Test
    void aCatalogToOpenThatTheWorkspaceCannotReachIsBoundFirstSoThatItCanBeOpened() {
        RecordingWorkspace workspace = new RecordingWorkspace();

        List<CatalogWrite> writes = planner.plan(List.of(REFERENCE), state(new CatalogState.Existing("reference", null, "ISOLATED",
                null, null)));

        assertThat(writes.get(0).entries()).extracting("attribute", "desired", "actual")
                .containsExactly(tuple("isolation_mode", "OPEN", "ISOLATED"));
        assertThat(apply(writes, workspace)).containsExactly(
                "PATCH /api/2.1/unity-catalog/bindings/catalog/reference {\"add\":[{\"workspace_id\":1234567890123456,"
                        + "\"binding_type\":\"BINDING_TYPE_READ_WRITE\"}]}",
                "GET /api/2.1/unity-catalog/schemas?catalog_name=reference",
                "PATCH /api/2.1/unity-catalog/catalogs/reference {\"isolation_mode\":\"OPEN\"}");
    }
}
