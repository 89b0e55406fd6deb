package dev.bricklayer.security.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.security.DesiredStates;
import dev.bricklayer.security.RecordingWorkspace;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;

class ClusterReconcilerTest {

    private final ClusterReconciler reconciler = new ClusterReconciler(new ObjectMapper());

    @Test
    void aMissingClusterIsCreatedUnderThePolicyIdKnownWhenItIsCreated() {
        RecordingWorkspace workspace = new RecordingWorkspace().answer("POST /api/2.0/clusters/create", "{\"cluster_id\":\"0101-abc\"}");
        ApplyContext context = workspace.context();
        List<Change> changes = reconciler.plan(List.of(DesiredStates.cluster("shared", "team", 2)), List.of(),
                workspace.apis().clusters(), context);
        context.policy("team", "P7"); // as the policy step does before clusters are created

        changes.forEach(change -> change.action().apply(context));

        assertThat(workspace.calls()).containsExactly("POST /api/2.0/clusters/create {\"spark_version\":\"14.3.x-scala2.12\","
                + "\"node_type_id\":\"Standard_DS3_v2\",\"num_workers\":2,\"autotermination_minutes\":60,\"cluster_name\":\"shared\","
                + "\"policy_id\":\"P7\",\"apply_policy_default_values\":true}");
        assertThat(context.cluster("shared")).isEqualTo(new ApplyContext.ExistingCluster("0101-abc", "P7"));
        assertThat(changes.get(0).entries().get(0).desired()).isEqualTo("{\"policy\":\"team\",\"autotermination_minutes\":60,"
                + "\"node_type_id\":\"Standard_DS3_v2\",\"num_workers\":2,\"spark_version\":\"14.3.x-scala2.12\"}");
    }

    @Test
    void anExistingClusterOfThatNameIsAdoptedAsItIs() {
        RecordingWorkspace workspace = new RecordingWorkspace();
        ApplyContext context = workspace.context();

        List<Change> changes = reconciler.plan(List.of(DesiredStates.cluster("shared", "team", 2)),
                List.of(new ClusterInfo("0202-xyz", "shared", "OTHER", "TERMINATED")), workspace.apis().clusters(), context);

        assertThat(changes).isEmpty();
        assertThat(context.cluster("shared")).isEqualTo(new ApplyContext.ExistingCluster("0202-xyz", "OTHER"));
        assertThat(workspace.calls()).isEmpty();
    }

    @Test
    void aClusterWhosePolicyDoesNotExistIsNotCreated() {
        RecordingWorkspace workspace = new RecordingWorkspace();
        ApplyContext context = workspace.context();
        List<Change> changes = reconciler.plan(List.of(DesiredStates.cluster("shared", "team", 2)), List.of(),
                workspace.apis().clusters(), context);

        assertThatThrownBy(() -> changes.get(0).action().apply(context)).hasMessageContaining("policy 'team' of cluster 'shared'");
        assertThat(workspace.calls()).isEmpty();
    }
}
