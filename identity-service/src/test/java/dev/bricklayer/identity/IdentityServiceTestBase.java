package dev.bricklayer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.faults.FaultInjector;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.emulator.workspace.Workspaces;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * identity-service as it runs — its Kafka bindings on an embedded KRaft broker, PostgreSQL, the common HTTP stack
 * (MSAL4J tokens, pacing, SCIM slots, retry, audit) — against the emulator started in-process. Every test class
 * extending this shares one application and one emulator; each test decommissions the workspaces it made and lets
 * its people leave, so that the next one starts from a workspace landscape of its own.
 */
@SpringBootTest(classes = IdentityServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IdentityServiceTestBase {

    public static final String SCIM = "/api/2.0/preview/scim/v2";
    /** Where HR events identity-service can never apply go. */
    public static final String HR_DEAD_LETTERS = HrTopics.PEOPLE + ".dlq";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    protected static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** One emulator for every test class of the module (like the application context they share); stopped with the JVM. */
    protected static EmulatedAzure azure;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedKafka.createTopics(HrTopics.PEOPLE, HR_DEAD_LETTERS, IdentityTopics.EVENTS, WorkspaceTopics.EVENTS,
                WorkspaceTopics.EVENTS + ".identity-service.dlq", SecurityTopics.EVENTS, SecurityTopics.EVENTS + ".identity-service.dlq",
                AuditTopics.API_CALLS);
        EmbeddedKafka.createCompactedTopic(WorkspaceTopics.STATE);
        startEmulator();
        ServiceTestProperties.register(registry, azure, EmbeddedPostgres.newDatabase("identity_app"));
        registry.add("bricklayer.http.retry.initial-backoff", () -> "100ms");
        registry.add("bricklayer.http.throttle-cooldown", () -> "2s");
        registry.add("bricklayer.identity.access-rules-dir", () -> "src/test/resources/access-rules");
        registry.add("bricklayer.identity.batch-window", () -> "100ms");
        registry.add("bricklayer.identity.poll-interval", () -> "300ms");
        registry.add("bricklayer.identity.retry-first-backoff", () -> "300ms");
        registry.add("bricklayer.identity.retry-max-backoff", () -> "2s");
        registry.add("bricklayer.identity.registry-wait", () -> "5s");
        registry.add("bricklayer.identity.tags-refresh-interval", () -> "1s");
        // the embedded PostgreSQL stops with the JVM, alongside the application: a periodic tick that is waiting for a
        // connection then must not hold the application's shutdown for Hikari's default 30 s
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
    }

    static synchronized void startEmulator() {
        if (azure == null) {
            azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)));
        }
    }

    @Autowired
    protected EventPublisher publisher;
    @Autowired
    protected PeopleStore people;
    @Autowired
    protected AccessStore access;
    @Autowired
    private PendingPeople pendingPeople;
    @Autowired
    protected WorkspaceStore workspaceStore;

    private final List<String> workspacesMade = new ArrayList<>();
    private final List<String> employeesMade = new ArrayList<>();

    /** Workspaces made in this test are decommissioned, and its people leave: the next test starts clean. */
    @AfterEach
    void cleanUp() {
        azure.bean(FaultInjector.class).clear();
        for (String workspace : workspacesMade) {
            publisher.publish(WorkspaceTopics.EVENTS, workspace, new WorkspaceDecommissioned(workspace, null, Instant.now())).block();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> workspacesMade.stream().allMatch(w -> workspaceStore.find(w).isEmpty()));
        Instant later = Instant.now(); // after every test's events, and not in the future (that would be refused)
        for (String employee : employeesMade) {
            Optional<Person> person = people.find(employee);
            if (person.isPresent() && person.get().active()) {
                publisher.publish(HrTopics.PEOPLE, employee, new UserLeft(employee, person.get().userName(), LocalDate.now(), later)).block();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> employeesMade.stream()
                .allMatch(e -> people.find(e).map(p -> !p.active()).orElse(true)));
        workspacesMade.clear();
        employeesMade.clear();
    }

    // ---- workspaces ---------------------------------------------------------------------------------------------

    /** A unique name for this test. */
    protected static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
    }

    /** A workspace deployed in the emulator (as ARM would leave it), with its tags on the state topic; not yet announced. */
    protected EmulatedWorkspace deploy(String name, Map<String, String> tags) {
        String resourceId = "/subscriptions/" + EmulatedAzure.SUBSCRIPTION
                + "/resourceGroups/rg-identity/providers/Microsoft.Databricks/workspaces/" + name;
        EmulatedWorkspace workspace = azure.bean(Workspaces.class).create(resourceId, name, "westeurope", "premium");
        publisher.publish(WorkspaceTopics.STATE, name, new WorkspaceState(name, WorkspaceState.Status.READY, resourceId,
                workspace.workspaceId(), workspace.host(), "westeurope", "premium", tags, "standard@1", Instant.now())).block();
        workspacesMade.add(name);
        return workspace;
    }

    /** Publishes {@code WorkspaceReady} for a deployed workspace. */
    protected void announce(EmulatedWorkspace workspace, DesiredState desiredState) {
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), new WorkspaceReady(workspace.name(), "req-" + workspace.name(),
                workspace.resourceId(), workspace.workspaceId(), workspace.host(), PricingTier.PREMIUM, desiredState, Instant.now())).block();
    }

    /** Deploys, announces and waits for {@code WorkspaceIdentityBootstrapped}. */
    protected EmulatedWorkspace readyWorkspace(String name, Map<String, String> tags, DesiredState desiredState) {
        EmulatedWorkspace workspace = deploy(name, tags);
        announce(workspace, desiredState);
        awaitEvent(name, "WorkspaceIdentityBootstrapped", 1);
        return workspace;
    }

    protected static Map<String, String> internal() {
        return Map.of("data-classification", "internal", "env", "test");
    }

    protected static Map<String, String> confidential() {
        return Map.of("data-classification", "confidential", "env", "test");
    }

    /** The desired state of a shipped blueprint ({@code blueprints/<name>.yaml}), as workspace-service resolves it. */
    protected static DesiredState blueprint(String name) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "blueprints", name + ".yaml").toFile());
            ObjectNode state = (ObjectNode) tree.get("desiredState");
            for (JsonNode policy : state.withArray("clusterPolicies")) {
                ((ObjectNode) policy).put("definition", MAPPER.writeValueAsString(policy.get("definition")));
            }
            return MAPPER.treeToValue(state, DesiredState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- people --------------------------------------------------------------------------------------------------

    protected static HrAttributes attributes(String department, String costCentre, String jobTitle, EmploymentType type) {
        return new HrAttributes(department, costCentre, jobTitle, "Zurich", type);
    }

    protected static HrAttributes engineer() {
        return attributes("Data Platform", "CC-1000", "Senior Data Engineer", EmploymentType.EMPLOYEE);
    }

    protected static HrAttributes financeAnalyst() {
        return attributes("Finance", "CC-4711", "Financial Analyst", EmploymentType.EMPLOYEE);
    }

    protected static HrAttributes facilities() {
        return attributes("Facilities", "CC-9000", "Facility Manager", EmploymentType.EMPLOYEE);
    }

    protected UserJoined joined(String employeeId, HrAttributes attributes, Instant occurredAt) {
        employeesMade.add(employeeId);
        return new UserJoined(employeeId, employeeId.toLowerCase() + "@contoso.com", "Person " + employeeId, "Given", employeeId,
                attributes, LocalDate.of(2025, 3, 1), occurredAt);
    }

    protected void join(String employeeId, HrAttributes attributes, Instant occurredAt) {
        publisher.publish(HrTopics.PEOPLE, employeeId, joined(employeeId, attributes, occurredAt)).block();
    }

    protected void move(String employeeId, HrAttributes from, HrAttributes to, Instant occurredAt) {
        publisher.publish(HrTopics.PEOPLE, employeeId, new UserMoved(employeeId, userName(employeeId), null, from, to,
                LocalDate.of(2025, 6, 1), occurredAt)).block();
    }

    protected void leave(String employeeId, Instant occurredAt) {
        publisher.publish(HrTopics.PEOPLE, employeeId, new UserLeft(employeeId, userName(employeeId), LocalDate.of(2025, 9, 30), occurredAt))
                .block();
    }

    protected static String userName(String employeeId) {
        return employeeId.toLowerCase() + "@contoso.com";
    }

    // ---- what the emulated workspace holds ---------------------------------------------------------------------

    /** A user of the workspace as SCIM holds it. */
    protected record ScimUser(String id, boolean active, Set<String> groups, Set<String> entitlements) {
    }

    protected static Optional<ScimUser> user(EmulatedWorkspace workspace, String userName) {
        IdentityStore identities = workspace.identities();
        synchronized (identities) {
            return identities.userByName(userName).map(node -> {
                String id = node.get("id").asText();
                Set<String> groups = new TreeSet<>();
                identities.directGroupsOf(id).forEach(g -> groups.add(identities.groups().get(g).path("displayName").asText()));
                groups.remove("users");
                Set<String> entitlements = new TreeSet<>();
                node.path("entitlements").forEach(e -> entitlements.add(e.path("value").asText()));
                return new ScimUser(id, node.path("active").asBoolean(true), groups, entitlements);
            });
        }
    }

    /** Waits until the workspace has the user active in exactly these managed groups. */
    protected static ScimUser awaitActive(EmulatedWorkspace workspace, String userName, String... groups) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(user(workspace, userName)).get().satisfies(u -> {
            assertThat(u.active()).as("active").isTrue();
            assertThat(u.groups()).as("groups of " + userName).containsExactlyInAnyOrder(groups);
        }));
        return user(workspace, userName).orElseThrow();
    }

    protected static ScimUser awaitInactive(EmulatedWorkspace workspace, String userName) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(user(workspace, userName)).get().satisfies(u -> {
            assertThat(u.active()).as("active").isFalse();
            assertThat(u.groups()).as("groups").isEmpty();
        }));
        return user(workspace, userName).orElseThrow();
    }

    /** {@code POST} to the emulator's admin API (seeding, faults); answers the status. */
    protected static int admin(String path, Object body) {
        return azure.admin("POST", path, body).status();
    }

    protected static Journal journal() {
        return azure.journal();
    }

    /** Requests served to a workspace, matching. */
    protected static long calls(EmulatedWorkspace workspace, Predicate<JournalEntry> filter) {
        return journal().count(e -> workspace.name().equalsIgnoreCase(e.workspace()) && filter.test(e));
    }

    protected static Predicate<JournalEntry> writes() {
        return e -> !e.method().equals("GET");
    }

    protected static long callCount(EmulatedWorkspace workspace) {
        return calls(workspace, e -> true);
    }

    // ---- events ----------------------------------------------------------------------------------------------

    protected static List<ConsumerRecord<String, byte[]>> records(String topic) {
        return EmbeddedKafka.records(topic, 0, Duration.ofMillis(300));
    }

    /** Identity events of a type with a key, as JSON. */
    protected static List<JsonNode> events(String key, String type) {
        return records(IdentityTopics.EVENTS).stream()
                .filter(r -> key.equals(r.key()) && header(r, "ce_type").equals("bricklayer.identity." + type + ".v1"))
                .map(r -> json(r.value())).toList();
    }

    protected static List<JsonNode> awaitEvent(String key, String type, int count) {
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(events(key, type)).hasSizeGreaterThanOrEqualTo(count));
        return events(key, type);
    }

    /** Identity events about one employee (people events are keyed by workspace: filtered on the body). */
    protected static List<JsonNode> eventsOf(String employeeId, String type) {
        return records(IdentityTopics.EVENTS).stream()
                .filter(r -> header(r, "ce_type").equals("bricklayer.identity." + type + ".v1"))
                .map(r -> json(r.value())).filter(n -> employeeId.equals(n.path("employeeId").asText())).toList();
    }

    protected static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    protected static JsonNode json(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until identity-service has nothing left to do for a person (no pending mark anywhere). */
    protected void awaitSettled(String employeeId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> people.find(employeeId).isPresent()
                && workspaceStore.all().stream().noneMatch(w -> pendingFor(w.name(), employeeId)));
    }

    protected boolean pendingFor(String workspace, String employeeId) {
        return pendingPeople.find(workspace, employeeId).isPresent();
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
