package dev.bricklayer.security.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.security.RecordingWorkspace;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;

class PolicyDefinitionsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PolicyDefinitions definitions = new PolicyDefinitions(mapper);
    private final ClusterPolicyReconciler reconciler = new ClusterPolicyReconciler(definitions);

    @Test
    void definitionsAreComparedAsTreesNotAsText() {
        String desired = "{\"autotermination_minutes\":{\"type\":\"range\",\"maxValue\":120,\"defaultValue\":60},\"a\":{\"type\":\"forbidden\"}}";

        assertThat(definitions.same(desired, "{ \"a\" : {\"type\":\"forbidden\"},\n \"autotermination_minutes\": "
                + "{\"defaultValue\": 60.0, \"type\": \"range\", \"maxValue\": 1.2e2} }")).isTrue();
        assertThat(definitions.same(desired, desired.replace("60", "61"))).isFalse();
        assertThat(definitions.same(desired, desired.replace("60", "\"60\""))).as("a string is not a number").isFalse();
        assertThat(definitions.same("{\"v\":{\"type\":\"allowlist\",\"values\":[\"a\",\"b\"]}}",
                "{\"v\":{\"type\":\"allowlist\",\"values\":[\"b\",\"a\"]}}")).as("arrays keep their order").isFalse();
        assertThat(definitions.same(desired, "{\"a\":{\"type\":\"forbidden\"}}")).isFalse();
    }

    @Test
    void aPolicyThatMeansTheSameIsLeftAloneOneThatDiffersIsEditedNamingEachDifference() {
        ClusterPolicy wanted = new ClusterPolicy("team", "{\"n\":{\"type\":\"range\",\"maxValue\":8}}", "Team clusters", 2);
        List<PolicyInfo> same = List.of(new PolicyInfo("P1", "team", "{ \"n\": {\"maxValue\": 8.0, \"type\": \"range\"} }",
                "Team clusters", 2L, false));
        List<PolicyInfo> edited = List.of(new PolicyInfo("P1", "team", "{\"n\":{\"type\":\"range\",\"maxValue\":50}}", "", null, false));
        RecordingWorkspace workspace = new RecordingWorkspace();
        ApplyContext context = workspace.context();

        assertThat(reconciler.plan(List.of(wanted), same, workspace.apis().policies(), workspace.context())).isEmpty();
        List<Change> changes = reconciler.plan(List.of(wanted), edited, workspace.apis().policies(), context);

        assertThat(changes).flatExtracting(Change::entries).extracting("attribute", "desired", "actual").containsExactly(
                tuple("definition", "{\"n\":{\"type\":\"range\",\"maxValue\":8}}", "{\"n\":{\"type\":\"range\",\"maxValue\":50}}"),
                tuple("description", "Team clusters", ""),
                tuple("max_clusters_per_user", "2", null));
        changes.forEach(change -> change.action().apply(context));
        assertThat(workspace.calls()).containsExactly("POST /api/2.0/policies/clusters/edit {\"policy_id\":\"P1\",\"name\":\"team\","
                + "\"definition\":\"{\\\"n\\\":{\\\"type\\\":\\\"range\\\",\\\"maxValue\\\":8}}\",\"description\":\"Team clusters\","
                + "\"max_clusters_per_user\":2}");
        assertThat(context.policyId("team")).isEqualTo("P1");
    }

    @Test
    void aMissingPolicyIsCreatedAndItsIdKnownForTheClustersUnderIt() {
        RecordingWorkspace workspace = new RecordingWorkspace().answer("POST /api/2.0/policies/clusters/create", "{\"policy_id\":\"NEW\"}");
        ApplyContext context = workspace.context();
        List<Change> changes = reconciler.plan(List.of(new ClusterPolicy("team", "{}", null, null)),
                List.of(new PolicyInfo("D1", "Job Compute", "{}", null, null, true)), workspace.apis().policies(), context);

        changes.forEach(change -> change.action().apply(context));

        assertThat(workspace.calls()).containsExactly("POST /api/2.0/policies/clusters/create {\"name\":\"team\",\"definition\":\"{}\"}");
        assertThat(context.policyId("team")).isEqualTo("NEW");
        assertThat(context.policyId("Job Compute")).isEqualTo("D1");
    }
}
