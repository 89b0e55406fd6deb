package dev.bricklayer.identity;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceState;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.emulator.faults.FaultInjector;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.Workspaces;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.HrPeople;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.servicetest.ServiceTestProperties;
import dev.bricklayer.servicetest.WorkspaceEvents;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * identity-service as it runs — its Kafka bindings on an embedded KRaft broker, PostgreSQL, the common HTTP stack
 * (MSAL4J tokens, pacing, SCIM slots, retry, audit) — against the emulator started in-process. Every test class
 * extending this shares one application and one emulator; each test decommissions the workspaces it made and lets
 * its people leave, so that the next one starts from a workspace landscape of its own.
 */
@SpringBootTest(classes = IdentityServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IdentityServiceTestBase extends EmulatedWorkspaces {

    /** Where HR events identity-service can never apply go. */
    public static final String HR_DEAD_LETTERS = HrTopics.PEOPLE + ".dlq";

    private static final AtomicInteger COUNTER = new AtomicInteger();

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
        // a test class that must see what happens without the poll in time registers a longer test.poll-interval
        registry.add("bricklayer.identity.poll-interval", () -> "${test.poll-interval:300ms}");
        registry.add("bricklayer.identity.retry-first-backoff", () -> "300ms");
        registry.add("bricklayer.identity.retry-max-backoff", () -> "2s");
        registry.add("bricklayer.identity.registry-wait", () -> "5s");
        registry.add("bricklayer.identity.tags-refresh-interval", () -> "1s");
        // the embedded PostgreSQL stops with the JVM, alongside the application: a periodic tick that is waiting for a
        // connection then must not hold the application's shutdown for Hikari's default 30 s
        registry.add("spring.datasource.hikari.connection-timeout", () -> "5000");
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
                publisher.publish(HrTopics.PEOPLE, employee, HrPeople.left(employee, person.get().userName(), later)).block();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> employeesMade.stream()
                .allMatch(e -> people.find(e).map(p -> !p.active()).orElse(true)));
        workspacesMade.clear();
        employeesMade.clear();
    }

    /** A unique name for this test. */
    protected static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
    }

    /** A workspace deployed in the emulator (as ARM would leave it), with its tags on the state topic; not yet announced. */
    protected EmulatedWorkspace deploy(String name, Map<String, String> tags) {
        return deploy(name, tags, "westeurope");
    }

    /** A workspace deployed in {@code region} ({@link #FEDERATED_REGION}: identity-federated, with the region's metastore). */
    protected EmulatedWorkspace deploy(String name, Map<String, String> tags, String region) {
        String resourceId = "/subscriptions/" + EmulatedAzure.SUBSCRIPTION
                + "/resourceGroups/rg-identity/providers/Microsoft.Databricks/workspaces/" + name;
        EmulatedWorkspace workspace = azure.bean(Workspaces.class).create(resourceId, name, region, "premium");
        publisher.publish(WorkspaceTopics.STATE, name, new WorkspaceState(name, WorkspaceState.Status.READY, resourceId,
                workspace.workspaceId(), workspace.host(), region, "premium", tags, "standard@1", Instant.now())).block();
        workspacesMade.add(name);
        return workspace;
    }

    /** Publishes {@code WorkspaceReady} for a deployed workspace. */
    protected void announce(EmulatedWorkspace workspace, DesiredState desiredState) {
        announce(workspace, desiredState, null);
    }

    /** Publishes {@code WorkspaceReady} for a deployed workspace with the metastore assigned to it. */
    protected void announce(EmulatedWorkspace workspace, DesiredState desiredState, String metastoreId) {
        ReadyWorkspace deployed = new ReadyWorkspace(workspace.name(), workspace.resourceId(), workspace.workspaceId(), workspace.host());
        publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), WorkspaceEvents.ready(deployed, desiredState, metastoreId)).block();
    }

    /** Deploys, announces and waits for {@code WorkspaceIdentityBootstrapped}. */
    protected EmulatedWorkspace readyWorkspace(String name, Map<String, String> tags, DesiredState desiredState) {
        EmulatedWorkspace workspace = deploy(name, tags);
        announce(workspace, desiredState);
        awaitEvent(name, "WorkspaceIdentityBootstrapped", 1);
        return workspace;
    }

    /** {@link HrPeople#joined(String, HrAttributes, Instant)}, the person left again after the test. */
    protected UserJoined joined(String employeeId, HrAttributes attributes, Instant occurredAt) {
        employeesMade.add(employeeId);
        return HrPeople.joined(employeeId, attributes, occurredAt);
    }

    protected void join(String employeeId, HrAttributes attributes, Instant occurredAt) {
        publisher.publish(HrTopics.PEOPLE, employeeId, joined(employeeId, attributes, occurredAt)).block();
    }

    protected void move(String employeeId, HrAttributes from, HrAttributes to, Instant occurredAt) {
        publisher.publish(HrTopics.PEOPLE, employeeId, HrPeople.moved(employeeId, from, to, occurredAt)).block();
    }

    protected void leave(String employeeId, Instant occurredAt) {
        publisher.publish(HrTopics.PEOPLE, employeeId, HrPeople.left(employeeId, occurredAt)).block();
    }

    /** Waits until identity-service has nothing left to do for a person (no pending mark anywhere). */
    protected void awaitSettled(String employeeId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> people.find(employeeId).isPresent()
                && workspaceStore.all().stream().noneMatch(w -> pendingFor(w.name(), employeeId)));
    }

    protected boolean pendingFor(String workspace, String employeeId) {
        return pendingPeople.find(workspace, employeeId).isPresent();
    }
}
