package dev.bricklayer.security;

import static dev.bricklayer.servicetest.EmulatedAzure.AUDITOR;
import static dev.bricklayer.servicetest.WorkspaceEvents.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceOnboarded;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.security.reconcile.PassOutcome;
import dev.bricklayer.security.reconcile.PassOutcome.Result;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.EmulatedAzure.Person;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.testsupport.EmbeddedKafka;

/** security-service as it runs: securing, refusing, changes, drift, REST, lifecycle and bad input. */
class SecurityServiceApplicationTest extends SecurityServiceTest {

    @Test
    void aReadyWorkspaceIsSecuredWithItsListsPoliciesAndClusterAndEveryObjectIsAnnouncedWithItsId() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-full");
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.standard())).block();

        JsonNode secured = awaitEvents(workspace.name(), "WorkspaceSecured", 1).get(0);
        assertThat(secured.get("ipAccessListsEnabled").asBoolean()).isTrue();
        assertThat(secured.get("ipAccessLists").asInt()).isEqualTo(4); // three desired + the platform's
        assertThat(secured.get("clusterPolicies").asInt()).isEqualTo(2);
        assertThat(secured.get("clusters").asInt()).isEqualTo(1);

        Person person = azure.person(workspace, "reader@contoso.example");
        JsonNode lists = person.call("GET", "/api/2.0/ip-access-lists", null).get("ip_access_lists");
        assertThat(lists).extracting(l -> l.get("label").asText(), l -> l.get("list_type").asText(), l -> l.get("ip_addresses").toString())
                .containsExactlyInAnyOrder(
                        tuple("bricklayer-platform", "ALLOW", "[\"127.0.0.1/32\"]"),
                        tuple("corporate-egress", "ALLOW", "[\"203.0.113.0/24\",\"198.51.100.0/26\"]"),
                        tuple("branch-offices", "ALLOW", "[\"192.0.2.0/28\"]"),
                        tuple("known-bad", "BLOCK", "[\"203.0.113.66\"]"));
        assertThat(person.call("GET", "/api/2.0/workspace-conf?keys=enableIpAccessLists", null).get("enableIpAccessLists").asText())
                .isEqualTo("true");
        Map<String, String> policyIds = new java.util.HashMap<>();
        person.call("GET", "/api/2.0/policies/clusters/list", null).get("policies")
                .forEach(p -> policyIds.put(p.get("name").asText(), p.get("policy_id").asText()));
        assertThat(events(workspace.name(), "ClusterPolicyApplied"))
                .extracting(e -> e.get("policyName").asText(), e -> e.get("policyId").asText())
                .containsExactly(tuple("team-shared", policyIds.get("team-shared")), tuple("jobs-only", policyIds.get("jobs-only")));
        JsonNode cluster = person.call("GET", "/api/2.0/clusters/list", null).get("clusters").get(0);
        assertThat(cluster.get("cluster_name").asText()).isEqualTo("team-shared-cluster");
        assertThat(cluster.get("policy_id").asText()).isEqualTo(policyIds.get("team-shared"));
        assertThat(events(workspace.name(), "ClusterProvisioned")).singleElement().satisfies(e -> {
            assertThat(e.get("clusterId").asText()).isEqualTo(cluster.get("cluster_id").asText());
            assertThat(e.get("clusterName").asText()).isEqualTo("team-shared-cluster");
            assertThat(e.get("policyId").asText()).isEqualTo(policyIds.get("team-shared"));
        });

        // exactly the writes needed, platform list first, enableIpAccessLists after every list
        assertThat(writes(workspace.name(), mark)).containsExactly(
                "POST /api/2.0/ip-access-lists", "POST /api/2.0/ip-access-lists", "POST /api/2.0/ip-access-lists",
                "POST /api/2.0/ip-access-lists", "PATCH /api/2.0/workspace-conf",
                "POST /api/2.0/policies/clusters/create", "POST /api/2.0/policies/clusters/create",
                "POST /api/2.0/clusters/create");
        assertThat(azure.journal().find(e -> workspace.name().equals(e.workspace()) && e.sequence() > mark
                && "POST".equals(e.method()) && e.path().equals("/api/2.0/ip-access-lists")).get(0).status()).isEqualTo(200);
    }

    @Test
    void aReplayedWorkspaceReadyWhoseStateIsRightMakesNoWriteCall() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-replay");
        WorkspaceReady ready = ready(workspace, DesiredStates.standard());
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready).block();
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready).block();

        awaitEvents(workspace.name(), "WorkspaceSecured", 3);
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(azure.callsSince(workspace.name(), mark)).isEqualTo(8); // four GETs per pass
        // identity-service grants on the objects idempotently, so they are announced again
        assertThat(events(workspace.name(), "ClusterPolicyApplied")).hasSize(6);
        assertThat(events(workspace.name(), "ClusterProvisioned")).hasSize(3)
                .extracting(e -> e.get("clusterId").asText()).containsOnly(events(workspace.name(), "ClusterProvisioned").get(0)
                        .get("clusterId").asText());
    }

    @Test
    void aClusterSpecThatBreaksItsPolicyIsRefusedWithTheServicesOwnMessage() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-badcluster");
        DesiredState desired = DesiredStates.withClusters(DesiredStates.standard(),
                List.of(DesiredStates.cluster("too-big", "team-shared", 12)));

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, desired)).block();

        JsonNode failed = awaitEvents(workspace.name(), "WorkspaceSecuringFailed", 1).get(0);
        assertThat(failed.get("step").asText()).isEqualTo("clusters");
        assertThat(failed.get("errorCode").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(failed.get("message").asText()).startsWith("Validation failed for num_workers, the value must be at most 8");
        assertThat(events(workspace.name(), "WorkspaceSecured")).isEmpty();
        assertThat(events(workspace.name(), "ClusterPolicyApplied")).hasSize(2); // the policies exist; identity may grant on them
        assertThat(events(workspace.name(), "ClusterProvisioned")).isEmpty();
        web.get().uri("/api/v1/security/workspaces").header("Authorization", reader()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.name == 'sec-badcluster')].lastReconcile.status").isEqualTo("FAILED")
                .jsonPath("$[?(@.name == 'sec-badcluster')].lastReconcile.failure.step").isEqualTo("clusters");
    }

    @Test
    void aBlueprintThatWouldBlockThePlatformIsRefusedNamingListAddressAndEgressWithoutAnyCall() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-lockout");
        DesiredState desired = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("corporate-egress", ListType.ALLOW, List.of("203.0.113.0/24")),
                new IpAccessList("suspicious", ListType.BLOCK, List.of("198.51.100.7", "127.0.0.0/8"))));
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, desired)).block();

        JsonNode failed = awaitEvents(workspace.name(), "WorkspaceSecuringFailed", 1).get(0);
        assertThat(failed.get("step").asText()).isEqualTo("validate");
        assertThat(failed.get("errorCode").asText()).isEqualTo("LOCKOUT");
        assertThat(failed.get("message").asText()).isEqualTo("BLOCK list 'suspicious' holds 127.0.0.0/8, which would block the "
                + "platform's egress range 127.0.0.1/32 and lock Bricklayer out of the workspace");
        assertThat(azure.callsSince(workspace.name(), mark)).as("calls to the workspace").isZero();
        assertThat(events(workspace.name(), "WorkspaceSecured")).isEmpty();
    }

    @Test
    void aDesiredStateOverTheQuotaWithThePlatformsListIsRefusedWithoutAnyCall() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-quota");
        DesiredState desired = DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("partners", ListType.ALLOW, DesiredStates.addresses(1000))));
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, desired)).block();

        JsonNode failed = awaitEvents(workspace.name(), "WorkspaceSecuringFailed", 1).get(0);
        assertThat(failed.get("step").asText()).isEqualTo("validate");
        assertThat(failed.get("errorCode").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(failed.get("message").asText()).isEqualTo("the IP access lists would hold 1001 addresses and CIDR blocks "
                + "(1000 desired + 1 in the platform's list 'bricklayer-platform'); Databricks allows 1000 over all lists");
        assertThat(azure.callsSince(workspace.name(), mark)).isZero();
    }

    @Test
    void aQuotaBreachTogetherWithListsBricklayerLeavesAloneIsRefusedBeforeAnyWrite() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-quota-kept");
        azure.person(workspace, "netadmin@contoso.example").call("POST", "/api/2.0/ip-access-lists",
                Map.of("label", "legacy-partners", "list_type", "ALLOW", "ip_addresses", DesiredStates.addresses(600)));
        DesiredState desired = DesiredStates.withMode(DesiredStates.withLists(DesiredStates.standard(), List.of(
                new IpAccessList("corporate-egress", ListType.ALLOW, DesiredStates.addresses(1000).subList(600, 1000)))),
                DriftMode.ENFORCE, false);
        long mark = azure.mark();

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, desired)).block();

        JsonNode failed = awaitEvents(workspace.name(), "WorkspaceSecuringFailed", 1).get(0);
        assertThat(failed.get("step").asText()).isEqualTo("ip-access-lists");
        assertThat(failed.get("errorCode").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(failed.get("message").asText()).contains("1001 addresses").contains("'legacy-partners' (600)");
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
    }

    @Test
    void aChangedDesiredStateUpdatesAddsAndRemovesBricklayersListsAndNeverTouchesOthersWhenNotAuthoritative() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-change");
        DesiredState first = DesiredStates.withMode(DesiredStates.standard(), DriftMode.ENFORCE, false);
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, first)).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);
        Person person = azure.person(workspace, "netadmin@contoso.example");
        person.call("POST", "/api/2.0/ip-access-lists", Map.of("label", "partner", "list_type", "ALLOW",
                "ip_addresses", List.of("198.18.0.0/15")));
        long mark = azure.mark();

        DesiredState second = DesiredStates.withLists(first, List.of(
                new IpAccessList("corporate-egress", ListType.ALLOW, List.of("203.0.113.0/24", "198.51.100.64/26")),
                new IpAccessList("branch-offices", ListType.ALLOW, List.of("192.0.2.0/28")),
                new IpAccessList("vpn", ListType.ALLOW, List.of("100.64.0.0/10"))));
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, second)).block();

        awaitEvents(workspace.name(), "WorkspaceSecured", 2);
        List<String> writes = writes(workspace.name(), mark);
        assertThat(writes).hasSize(3);
        assertThat(writes.get(0)).startsWith("PATCH /api/2.0/ip-access-lists/");
        assertThat(writes.get(1)).isEqualTo("POST /api/2.0/ip-access-lists");
        assertThat(writes.get(2)).startsWith("DELETE /api/2.0/ip-access-lists/");
        assertThat(person.call("GET", "/api/2.0/ip-access-lists", null).get("ip_access_lists"))
                .extracting(l -> l.get("label").asText())
                .containsExactlyInAnyOrder("bricklayer-platform", "corporate-egress", "branch-offices", "vpn", "partner");
    }

    @Test
    void handMadeDriftIsDetectedAndCorrectedInEnforceModeThenASecondPassMakesNoWriteCall() throws Exception {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-drift-enforce");
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.standard())).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);
        Person person = azure.person(workspace, "someone@contoso.example");
        person.call("POST", "/api/2.0/ip-access-lists", Map.of("label", "hand-made", "list_type", "ALLOW",
                "ip_addresses", List.of("0.0.0.0/0")));
        String policyId = policyId(person, "team-shared");
        String loosened = DesiredStates.TEAM_SHARED_DEFINITION.replace("\"maxValue\":8", "\"maxValue\":50");
        person.call("POST", "/api/2.0/policies/clusters/edit", Map.of("policy_id", policyId, "name", "team-shared",
                "definition", loosened, "description", "Shared clusters for the team", "max_clusters_per_user", 2));
        person.call("PATCH", "/api/2.0/workspace-conf", Map.of("enableIpAccessLists", "false"));
        String firstCluster = person.call("GET", "/api/2.0/clusters/list", null).get("clusters").get(0).get("cluster_id").asText();
        person.call("POST", "/api/2.0/clusters/permanent-delete", Map.of("cluster_id", firstCluster));

        PassOutcome outcome = passes.onDemand(workspace.name()).orElseThrow().get(30, TimeUnit.SECONDS);

        assertThat(outcome.result()).isEqualTo(Result.DRIFT_CORRECTED);
        assertThat(outcome.differences()).extracting("objectType", "objectName", "attribute", "desired", "actual").containsExactly(
                tuple("ip-access-list", "hand-made", "*", null, "ALLOW 0.0.0.0/0"),
                tuple("workspace-conf", "enableIpAccessLists", "value", "true", "false"),
                tuple("cluster-policy", "team-shared", "definition", DesiredStates.TEAM_SHARED_DEFINITION, loosened),
                tuple("cluster", "team-shared-cluster", "*", "{\"policy\":\"team-shared\",\"autotermination_minutes\":60,"
                        + "\"node_type_id\":\"Standard_DS3_v2\",\"num_workers\":2,\"spark_version\":\"14.3.x-scala2.12\"}", null));
        JsonNode detected = awaitEvents(workspace.name(), "DriftDetected", 1).get(0);
        assertThat(detected.get("mode").asText()).isEqualTo("enforce");
        assertThat(detected.get("differences")).hasSize(4);
        JsonNode corrected = awaitEvents(workspace.name(), "DriftCorrected", 1).get(0);
        assertThat(corrected.get("corrections").get(0).get("objectName").asText()).isEqualTo("hand-made");
        assertThat(corrected.get("corrections").get(0).get("actual").asText()).isEqualTo("ALLOW 0.0.0.0/0");
        assertThat(events(workspace.name(), "ClusterPolicyApplied")).hasSize(3); // two on securing, team-shared again
        JsonNode recreated = awaitEvents(workspace.name(), "ClusterProvisioned", 2).get(1);
        JsonNode cluster = person.call("GET", "/api/2.0/clusters/list", null).get("clusters").get(0);
        assertThat(recreated.get("clusterId").asText()).isEqualTo(cluster.get("cluster_id").asText()).isNotEqualTo(firstCluster);
        assertThat(cluster.get("policy_id").asText()).isEqualTo(policyId);
        assertThat(person.call("GET", "/api/2.0/ip-access-lists", null).get("ip_access_lists"))
                .extracting(l -> l.get("label").asText()).doesNotContain("hand-made").hasSize(4);
        assertThat(mapper.readTree(person.call("GET", "/api/2.0/policies/clusters/get?policy_id=" + policyId, null)
                .get("definition").asText())).isEqualTo(mapper.readTree(DesiredStates.TEAM_SHARED_DEFINITION));
        assertThat(person.call("GET", "/api/2.0/workspace-conf?keys=enableIpAccessLists", null).get("enableIpAccessLists").asText())
                .isEqualTo("true");

        long mark = azure.mark();
        List<CompletableFuture<PassOutcome>> round = driftSchedule.round();
        CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(round.stream().map(CompletableFuture::join).filter(o -> o.workspace().equals(workspace.name())))
                .singleElement().satisfies(second -> assertThat(second.result()).isEqualTo(Result.IN_SYNC));
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(events(workspace.name(), "DriftDetected")).hasSize(1);
        assertThat(events(workspace.name(), "DriftCorrected")).hasSize(1);
    }

    @Test
    void handMadeDriftIsOnlyReportedInReportModeAndReportingMakesNoWriteCall() throws Exception {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-drift-report");
        DesiredState desired = DesiredStates.withMode(DesiredStates.standard(), DriftMode.REPORT, true);
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, desired)).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);
        Person person = azure.person(workspace, "someone@contoso.example");
        person.call("POST", "/api/2.0/ip-access-lists", Map.of("label", "hand-made", "list_type", "ALLOW",
                "ip_addresses", List.of("0.0.0.0/0")));
        long mark = azure.mark();

        PassOutcome first = passes.onDemand(workspace.name()).orElseThrow().get(30, TimeUnit.SECONDS);
        PassOutcome second = passes.onDemand(workspace.name()).orElseThrow().get(30, TimeUnit.SECONDS);

        assertThat(first.result()).isEqualTo(Result.DRIFT_REPORTED);
        assertThat(first.differences()).extracting("objectType", "objectName", "attribute", "desired", "actual")
                .containsExactly(tuple("ip-access-list", "hand-made", "*", null, "ALLOW 0.0.0.0/0"));
        assertThat(second.result()).isEqualTo(Result.DRIFT_REPORTED);
        assertThat(awaitEvents(workspace.name(), "DriftDetected", 2)).allSatisfy(e -> assertThat(e.get("mode").asText()).isEqualTo("report"));
        assertThat(events(workspace.name(), "DriftCorrected")).isEmpty();
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(person.call("GET", "/api/2.0/ip-access-lists", null).get("ip_access_lists"))
                .extracting(l -> l.get("label").asText()).contains("hand-made");
        web.get().uri("/api/v1/security/workspaces").header("Authorization", reader()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.name == 'sec-drift-report')].lastDrift.outcome").isEqualTo("DRIFT_REPORTED")
                .jsonPath("$[?(@.name == 'sec-drift-report')].lastDrift.differences[0].objectName").isEqualTo("hand-made");
    }

    @Test
    void theRestApiNeedsATokenWithTheRightRoleAndShowsDriftLiveWithReadsOnly() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-rest");
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.standard())).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);
        String drift = "/api/v1/security/workspaces/sec-rest/drift";
        String reconcile = "/api/v1/security/workspaces/sec-rest/reconcile";

        web.get().uri("/api/v1/security/workspaces").exchange().expectStatus().isUnauthorized();
        web.get().uri(drift).header("Authorization", azure.bearer(AUDITOR, List.of("Workspace.Read"))).exchange()
                .expectStatus().isForbidden();
        web.post().uri(reconcile).header("Authorization", reader()).exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/security/workspaces").header("Authorization", reader()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.name == 'sec-rest')].lastReconcile.status").isEqualTo("SECURED");
        web.get().uri("/api/v1/security/workspaces/nowhere/drift").header("Authorization", reader()).exchange()
                .expectStatus().isNotFound();
        web.get().uri(drift).header("Authorization", reader()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.inSync").isEqualTo(true).jsonPath("$.differences.length()").isEqualTo(0);

        azure.person(workspace, "someone@contoso.example").call("POST", "/api/2.0/ip-access-lists",
                Map.of("label", "hand-made", "list_type", "ALLOW", "ip_addresses", List.of("0.0.0.0/0")));
        long mark = azure.mark();
        web.get().uri(drift).header("Authorization", reader()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.inSync").isEqualTo(false)
                .jsonPath("$.result").isEqualTo("DRIFTED")
                .jsonPath("$.differences[0].objectName").isEqualTo("hand-made")
                .jsonPath("$.differences[0].actual").isEqualTo("ALLOW 0.0.0.0/0");
        assertThat(azure.writesSince(workspace.name(), mark)).isZero();
        assertThat(events(workspace.name(), "DriftDetected")).isEmpty();

        web.post().uri(reconcile).header("Authorization", operator()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("DRIFT_CORRECTED")
                .jsonPath("$.differences[0].objectName").isEqualTo("hand-made");
        assertThat(writes(workspace.name(), mark)).singleElement().satisfies(w -> assertThat(w).startsWith("DELETE /api/2.0/ip-access-lists/"));
        web.post().uri("/api/v1/security/workspaces/nowhere/reconcile").header("Authorization", operator()).exchange()
                .expectStatus().isNotFound();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class).value(doc -> assertThat(doc)
                .contains("/api/v1/security/workspaces/{name}/drift").contains("/api/v1/security/workspaces/{name}/reconcile"));
    }

    @Test
    void aDecommissionedWorkspaceIsForgotten() {
        ReadyWorkspace workspace = azure.deployWorkspace("sec-gone");
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), ready(workspace, DesiredStates.standard())).block();
        awaitEvents(workspace.name(), "WorkspaceSecured", 1);

        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), new WorkspaceDecommissioned(workspace.name(),
                workspace.resourceId(), Instant.now())).block();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(passes.workspace(workspace.name())).isEmpty());
        web.get().uri("/api/v1/security/workspaces/sec-gone/drift").header("Authorization", reader()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void anUnreadableWorkspaceEventGoesToTheDeadLetterTopicWithItsReasonAndTheNextOneIsServed() throws Exception {
        sendRaw("sec-unreadable", EventTypes.of(WorkspaceReady.class), "{\"workspaceName\":\"sec-unreadable\",\"desiredState\":{}}");
        ReadyWorkspace next = azure.deployWorkspace("sec-after-bad");
        publisher.publish(WorkspaceTopics.EVENTS, next.name(), ready(next, DesiredStates.standard())).block();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = EmbeddedKafka.records(DLQ, 1, Duration.ofMillis(300)).stream()
                    .filter(r -> "sec-unreadable".equals(r.key())).toList();
            assertThat(dead).hasSize(1);
            // the reason first (common's EventRouting: "invalid: <field> [required] …"), the event's type kept
            assertThat(header(dead.get(0), "ce_type")).isEqualTo(EventTypes.of(WorkspaceReady.class));
            assertThat(header(dead.get(0), "x-exception-message")).startsWith("invalid: ").contains("is required");
        });
        awaitEvents(next.name(), "WorkspaceSecured", 1);
        assertThat(passes.workspace("sec-unreadable")).isEmpty();
    }

    @Test
    void aTypeTheWorkspaceTopicDoesNotCarryIsDeadLetteredAndOneItCarriesButIsNotOursIsLeftAlone() throws Exception {
        sendRaw("sec-stranger", "bricklayer.workspace.WorkspaceExploded.v1", "{\"workspaceName\":\"sec-stranger\"}");
        publisher.publish(WorkspaceTopics.EVENTS, "sec-onboarded", new WorkspaceOnboarded("sec-onboarded", "r-1",
                "https://adb-1.azuredatabricks.net", Instant.now())).block();
        ReadyWorkspace next = azure.deployWorkspace("sec-after-stranger");
        publisher.publish(WorkspaceTopics.EVENTS, next.name(), ready(next, DesiredStates.standard())).block();

        awaitEvents(next.name(), "WorkspaceSecured", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(EmbeddedKafka.records(DLQ, 1, Duration.ofMillis(300)))
                .filteredOn(r -> "sec-stranger".equals(r.key())).singleElement()
                .satisfies(dead -> assertThat(header(dead, "x-exception-message")).startsWith("unknown-type: ce_type [unknown-type] "
                        + "'bricklayer.workspace.WorkspaceExploded.v1' is not an event type this topic carries")));
        assertThat(EmbeddedKafka.records(DLQ, 1, Duration.ofMillis(300))).noneMatch(r -> "sec-onboarded".equals(r.key()));
    }

    private static String policyId(Person person, String name) {
        for (JsonNode policy : person.call("GET", "/api/2.0/policies/clusters/list", null).get("policies")) {
            if (policy.get("name").asText().equals(name)) {
                return policy.get("policy_id").asText();
            }
        }
        throw new AssertionError("no policy " + name);
    }
}
