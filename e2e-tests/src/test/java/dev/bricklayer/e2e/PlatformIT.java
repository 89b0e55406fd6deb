package dev.bricklayer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;
import dev.bricklayer.platform.demo.DemoScenario;
import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformSettings;
import dev.bricklayer.platform.run.ServiceSpec;

/**
 * The whole platform as it runs for a person: Kafka, PostgreSQL, the emulator and the five services as separate
 * JVMs, driven through the demo scenario — two workspaces from two blueprints, joiners, movers and leavers, tokens
 * made by people, hand-made drift, a sweep — then checked from the outside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    LocalPlatform platform;
    PlatformClient client;
    DemoScenario.Report report;

    @BeforeAll
    void runTheDemo() {
        PlatformSettings d = PlatformSettings.defaults(ROOT);
        // ports of its own, so a platform someone runs by hand on this machine is not in the way
        PlatformSettings settings = new PlatformSettings(ROOT, ROOT.resolve("e2e-tests/target/platform"), 29092, 25432, 28443, 28444,
                28081, "256m", d.deploymentDuration(), d.driftInterval(), d.sweepInterval(), ServiceSpec.NAMES);
        platform = new LocalPlatform(settings, line -> System.out.println("starting " + line)).start();
        client = new PlatformClient(settings, mapper);
        report = new DemoScenario(platform, mapper, 12, System.out).run();
        System.out.println(report.text());
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private URI service(String name, String path) {
        return platform.endpoints().get(name).resolve(path);
    }

    @Test
    void theDemoScenarioMeetsEveryExpectation() {
        assertThat(report.ok()).as(report.text()).isTrue();
    }

    @Test
    void theWorkspaceStatusApiShowsEveryStepDone() {
        for (String name : List.of("demo-analytics", "demo-secure")) {
            JsonNode status = client.api(Caller.PLATFORM_TEAM, "GET", service("workspace-service", "/api/v1/workspaces/" + name), null)
                    .expect(200).json(mapper);
            assertThat(status.path("status").asText()).as(name).isEqualTo("ONBOARDED");
            for (String step : List.of("deployment", "security", "identity", "tokens")) {
                assertThat(status.path("steps").path(step).path("state").asText()).as(name + " step " + step).isEqualTo("DONE");
            }
        }
    }

    @Test
    void everyRequestTheEmulatorServedHasExactlyOneAuditRecordAndNoRecordLacksOne() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(auditedCalls()).isEqualTo(servedCalls()));
        assertThat(servedCalls().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(100);
    }

    /** (method path status) → how many, for every request to ARM or a workspace not made by a person by hand. */
    private Map<String, Long> servedCalls() {
        Map<String, Long> served = new TreeMap<>();
        for (JsonNode entry : client.admin("GET", "/journal", null).expect(200).json(mapper)) {
            String surface = entry.path("surface").asText();
            if ((surface.equals("arm") || surface.equals("workspace")) && !entry.path("principal").asText("").contains("@")) {
                served.merge(entry.path("method").asText() + " " + entry.path("path").asText() + " " + entry.path("status").asInt(), 1L, Long::sum);
            }
        }
        return served;
    }

    private Map<String, Long> auditedCalls() throws Exception {
        Map<String, Long> audited = new TreeMap<>();
        String ndjson = client.api(Caller.AUDITOR, "GET", service("audit-service", "/api/v1/audit/export?format=ndjson"), null).expect(200).body();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                JsonNode record = mapper.readTree(line);
                audited.merge(record.path("method").asText() + " " + record.path("path").asText() + " " + record.path("status").asInt(),
                        1L, Long::sum);
            }
        }
        return audited;
    }

    @Test
    void aPersonsAccessAfterJoinerMoverLeaverMatchesTheRulesInEveryWorkspace() {
        // person 1: analyst, then engineer: in demo-analytics as an engineer, no longer an analyst
        JsonNode mover = access("E10001");
        assertThat(groups(mover, "demo-analytics")).contains("data-engineers").doesNotContain("data-analysts");
        // person 2: finance, then analytics: active in demo-analytics as an analyst, no longer in demo-secure
        JsonNode changed = access("E10002");
        assertThat(groups(changed, "demo-analytics")).contains("data-analysts");
        assertThat(active(changed, "demo-secure")).isFalse();
        // person 0: an engineer who left: inactive and in no group anywhere
        JsonNode leaver = access("E10000");
        for (String workspace : workspaces(leaver)) {
            assertThat(active(leaver, workspace)).as("leaver active in " + workspace).isFalse();
            assertThat(groups(leaver, workspace)).as("leaver groups in " + workspace).isEmpty();
        }
        // person 5: finance, never moved: only in demo-secure as a restricted analyst
        JsonNode finance = access("E10005");
        assertThat(groups(finance, "demo-secure")).contains("restricted-analysts");
        assertThat(active(finance, "demo-analytics")).isFalse();
    }

    private JsonNode access(String employeeId) {
        return client.api(Caller.PLATFORM_TEAM, "GET", service("identity-service", "/api/v1/people/" + employeeId + "/access"), null)
                .expect(200).json(mapper);
    }

    /** The workspace entries of an access answer, whatever its exact layout: an array or a map by workspace name. */
    private static JsonNode entry(JsonNode access, String workspace) {
        JsonNode workspaces = access.path("workspaces");
        if (workspaces.isObject()) {
            return workspaces.path(workspace);
        }
        for (JsonNode entry : workspaces) {
            if (workspace.equals(entry.path("workspace").asText(entry.path("workspaceName").asText()))) {
                return entry;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static List<String> workspaces(JsonNode access) {
        List<String> names = new ArrayList<>();
        JsonNode workspaces = access.path("workspaces");
        if (workspaces.isObject()) {
            workspaces.fieldNames().forEachRemaining(names::add);
        } else {
            workspaces.forEach(entry -> names.add(entry.path("workspace").asText(entry.path("workspaceName").asText())));
        }
        return names;
    }

    private static List<String> groups(JsonNode access, String workspace) {
        List<String> groups = new ArrayList<>();
        entry(access, workspace).path("groups").forEach(g -> groups.add(g.isTextual() ? g.asText() : g.path("name").asText()));
        return groups;
    }

    private static boolean active(JsonNode access, String workspace) {
        return entry(access, workspace).path("active").asBoolean(false);
    }
}
