package dev.bricklayer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import dev.bricklayer.platform.demo.PlatformCalls;
import dev.bricklayer.platform.run.EmulatorDefaults;
import dev.bricklayer.platform.run.JavaProcess;
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
        // as in production on AKS: every service signs in with Azure Workload Identity's federated token, no secret
        platform = new LocalPlatform(settings, line -> System.out.println("starting " + line)).withSecretlessSignIn().start();
        client = new PlatformClient(settings, mapper);
        report = new DemoScenario(platform, mapper, DemoScenario.MIN_PEOPLE, System.out).run();
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

    /** (method path status) → how many, for every request the services made ({@link PlatformCalls}). */
    private Map<String, Long> servedCalls() {
        Map<String, Long> served = new TreeMap<>();
        for (JsonNode entry : client.admin("GET", "/journal", null).expect(200).json(mapper)) {
            if (PlatformCalls.madeByTheServices(entry)) {
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
        // person 1: marketing analyst, then data engineer: an engineer in the internal workspace, no longer an analyst
        JsonNode mover = access("E10001");
        assertThat(groups(mover, "demo-analytics")).containsExactly("data-engineers");
        // person 2: finance analyst of CC-4711, then marketing analyst: still an analyst in the internal workspace,
        // deactivated in the confidential one
        JsonNode changed = access("E10002");
        assertThat(groups(changed, "demo-analytics")).containsExactly("data-analysts");
        assertThat(active(changed, "demo-secure")).isFalse();
        assertThat(groups(changed, "demo-secure")).isEmpty();
        // person 0: a data engineer who left: inactive and in no group in every workspace he had
        JsonNode leaver = access("E10000");
        assertThat(leaver.path("workspaces")).isNotEmpty();
        for (JsonNode workspace : leaver.path("workspaces")) {
            assertThat(workspace.path("active").asBoolean()).as("leaver active in " + workspace).isFalse();
            assertThat(workspace.path("groups")).as("leaver groups in " + workspace).isEmpty();
        }
        // person 5: a finance analyst who stayed: an analyst in the internal workspace, restricted analyst in the confidential one
        JsonNode finance = access("E10005");
        assertThat(groups(finance, "demo-analytics")).containsExactly("data-analysts");
        assertThat(groups(finance, "demo-secure")).containsExactly("restricted-analysts");
        assertThat(active(finance, "demo-secure")).isTrue();
    }

    /**
     * The same people read back from Azure Databricks itself (account SCIM, workspace SCIM, the Unity Catalog Grants
     * API), against what the shipped rules give: the groups' privileges on each workspace's catalog, and per person the
     * account groups, the workspaces they are active in, and the privileges those groups hold.
     */
    @Test
    void accountMembershipWorkspaceAccessAndDataPrivilegesReadFromAzureEqualTheRules() {
        AzureReadings azure = new AzureReadings(client, mapper, platform.settings().emulatorAccountBase());
        Set<String> engineer = Set.of("USE_CATALOG", "USE_SCHEMA", "SELECT", "MODIFY", "CREATE_TABLE");
        Set<String> reader = Set.of("USE_CATALOG", "USE_SCHEMA", "SELECT");
        // the rules' data grants, on the catalog each blueprint gives: analytics (standard), finance (restricted)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(azure.privileges("demo-analytics", "analytics"))
                    .isEqualTo(Map.of("data-engineers", engineer, "data-analysts", reader));
            assertThat(azure.privileges("demo-secure", "finance")).isEqualTo(Map.of("restricted-analysts", reader));
        });
        Map<String, Set<String>> analytics = azure.privileges("demo-analytics", "analytics");
        Map<String, Set<String>> finance = azure.privileges("demo-secure", "finance");

        // person 1: marketing analyst, then data engineer
        AzureReadings.AccountUser person001 = azure.accountUser("person001@contoso.com").orElseThrow();
        assertThat(person001)
                .satisfies(u -> assertThat(u.active()).isTrue())
                .satisfies(u -> assertThat(u.groups()).containsExactly("data-engineers"));
        assertThat(azure.activeIn("demo-analytics", "person001@contoso.com")).isTrue();
        assertThat(azure.activeIn("demo-secure", "person001@contoso.com")).isFalse();
        assertThat(held(person001, analytics, finance)).isEqualTo(Map.of("analytics", engineer));
        // person 2: finance analyst of CC-4711, then marketing analyst: out of the confidential workspace and its data
        AzureReadings.AccountUser person002 = azure.accountUser("person002@contoso.com").orElseThrow();
        assertThat(person002)
                .satisfies(u -> assertThat(u.active()).isTrue())
                .satisfies(u -> assertThat(u.groups()).containsExactly("data-analysts"));
        assertThat(azure.activeIn("demo-analytics", "person002@contoso.com")).isTrue();
        assertThat(azure.activeIn("demo-secure", "person002@contoso.com")).isFalse();
        assertThat(held(person002, analytics, finance)).isEqualTo(Map.of("analytics", reader));
        // person 0: a data engineer who left: deactivated once in the account, in no group, in no workspace, no data
        AzureReadings.AccountUser person000 = azure.accountUser("person000@contoso.com").orElseThrow();
        assertThat(person000)
                .satisfies(u -> assertThat(u.active()).isFalse())
                .satisfies(u -> assertThat(u.groups()).isEmpty());
        assertThat(azure.activeIn("demo-analytics", "person000@contoso.com")).isFalse();
        assertThat(azure.activeIn("demo-secure", "person000@contoso.com")).isFalse();
        assertThat(held(person000, analytics, finance)).isEmpty();
        // person 5: a finance analyst who stayed: both workspaces, both catalogs
        AzureReadings.AccountUser person005 = azure.accountUser("person005@contoso.com").orElseThrow();
        assertThat(person005)
                .satisfies(u -> assertThat(u.active()).isTrue())
                .satisfies(u -> assertThat(u.groups()).containsExactly("data-analysts", "restricted-analysts"));
        assertThat(azure.activeIn("demo-analytics", "person005@contoso.com")).isTrue();
        assertThat(azure.activeIn("demo-secure", "person005@contoso.com")).isTrue();
        assertThat(held(person005, analytics, finance)).isEqualTo(Map.of("analytics", reader, "finance", reader));
    }

    /** catalog → the privileges an active account user holds there through their account groups. */
    private static Map<String, Set<String>> held(AzureReadings.AccountUser user, Map<String, Set<String>> analytics,
                                                 Map<String, Set<String>> finance) {
        Map<String, Set<String>> held = new TreeMap<>();
        if (!user.active()) {
            return held;
        }
        for (String group : user.groups()) {
            if (analytics.containsKey(group)) {
                held.computeIfAbsent("analytics", c -> new java.util.TreeSet<>()).addAll(analytics.get(group));
            }
            if (finance.containsKey(group)) {
                held.computeIfAbsent("finance", c -> new java.util.TreeSet<>()).addAll(finance.get(group));
            }
        }
        return held;
    }


    /**
     * No client secret, bearer token or PAT value in any log line of the five services or the launcher's platform, in
     * any event (every topic, dead-letter topics included) or in any audit record. The emulator's own log is left out:
     * it is Azure's side, which issues the tokens and prints its local test credentials.
     */
    @Test
    void noSecretValueIsInAnyServiceLogEventOrAuditRecord() throws Exception {
        SecretScan scan = new SecretScan(List.of(EmulatorDefaults.PLATFORM_CLIENT_SECRET, EmulatorDefaults.PLATFORM_TEAM_CLIENT_SECRET,
                EmulatorDefaults.AUDITOR_CLIENT_SECRET));
        int logs = 0;
        for (JavaProcess process : platform.processes()) {
            if (!process.name().equals("emulator")) {
                scan.file(process.logFile());
                logs++;
            }
        }
        int records = scan.topics(platform.settings().kafka());
        String audit = client.api(Caller.AUDITOR, "GET", service("audit-service", "/api/v1/audit/export?format=ndjson"), null)
                .expect(200).body();
        scan.text("audit export", audit);

        System.out.printf("Secret scan: %d service logs, %d Kafka records, %d audit records: %d findings%n", logs, records,
                audit.lines().filter(line -> !line.isBlank()).count(), scan.findings().size());
        assertThat(logs).isEqualTo(ServiceSpec.NAMES.size());
        assertThat(records).isGreaterThan(100);
        assertThat(scan.findings()).isEmpty();
    }

    /**
     * The services signed in without a secret: none was given one, on its command line or in its environment; each got
     * only what Azure Workload Identity's webhook injects, its token file holds a service-account token of the stand-in
     * cluster issuer for its own service account, and the emulator's Entra ID issued the platform's app its tokens.
     */
    @Test
    void everyServiceSignedInWithAFederatedTokenAndNoSecret() throws Exception {
        assertThat(platform.secretless()).isTrue();
        int services = 0;
        for (JavaProcess process : platform.processes()) {
            if (process.name().equals("emulator")) {
                continue;
            }
            services++;
            assertThat(process.command()).as(process.name() + " command line")
                    .noneMatch(argument -> argument.contains("client-secret") || argument.contains(EmulatorDefaults.PLATFORM_CLIENT_SECRET));
            assertThat(process.environment()).as(process.name() + " environment")
                    .doesNotContainKey("BRICKLAYER_AAD_CLIENTSECRET")
                    .doesNotContainValue(EmulatorDefaults.PLATFORM_CLIENT_SECRET)
                    .containsKeys("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST");
            String token = java.nio.file.Files.readString(java.nio.file.Path.of(process.environment().get("AZURE_FEDERATED_TOKEN_FILE")));
            JsonNode claims = mapper.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            String service = process.name().replaceAll("-\\d+$", "");
            assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:bricklayer:" + service);
            assertThat(claims.path("iss").asText()).isEqualTo(platform.settings().emulatorBase() + "/oidc/local-platform");
            assertThat(java.nio.file.Files.readString(process.logFile())).as(process.name() + " log")
                    .contains("AAD token provider for client " + EmulatorDefaults.PLATFORM_CLIENT_ID).contains("federated credential");
        }
        assertThat(services).isEqualTo(ServiceSpec.NAMES.size());
        JsonNode signIns = client.admin("GET", "/journal?surface=aad", null).expect(200).json(mapper);
        assertThat(signIns.findValuesAsText("principal")).as("token requests of the platform's app")
                .contains(EmulatorDefaults.PLATFORM_CLIENT_ID);
    }

    private JsonNode access(String employeeId) {
        return client.api(Caller.PLATFORM_TEAM, "GET", service("identity-service", "/api/v1/people/" + employeeId + "/access"), null)
                .expect(200).json(mapper);
    }

    private static JsonNode entry(JsonNode access, String workspace) {
        for (JsonNode entry : access.path("workspaces")) {
            if (workspace.equals(entry.path("workspaceName").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no access in " + workspace + ": " + access);
    }

    private static List<String> groups(JsonNode access, String workspace) {
        List<String> groups = new ArrayList<>();
        entry(access, workspace).path("groups").forEach(g -> groups.add(g.asText()));
        return groups;
    }

    private static boolean active(JsonNode access, String workspace) {
        return entry(access, workspace).path("active").asBoolean();
    }
}
