package dev.bricklayer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.servicetest.EmulatedAzure;

/**
 * The emulator identity-service's tests run against, and what its workspaces hold: users as SCIM holds them, the
 * requests they served, the shipped blueprints' desired states and the tags the access rules select by.
 */
public abstract class EmulatedWorkspaces extends IdentityEvents {

    public static final String SCIM = "/api/2.0/preview/scim/v2";

    /**
     * The region whose workspaces are identity-federated: the emulator's account has a Unity Catalog metastore there.
     * Workspaces elsewhere (westeurope) are as before the account existed, for the workspace scope's tests.
     */
    public static final String FEDERATED_REGION = "northeurope";

    /** One emulator for every test class of the module (like the application context they share); stopped with the JVM. */
    protected static EmulatedAzure azure;

    static synchronized void startEmulator() {
        if (azure == null) {
            azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)).metastore(FEDERATED_REGION));
        }
    }

    protected static Map<String, String> internal() {
        return Map.of("data-classification", "internal", "env", "test");
    }

    protected static Map<String, String> confidential() {
        return Map.of("data-classification", "confidential", "env", "test");
    }

    /**
     * The desired state of a shipped blueprint ({@code blueprints/<name>.yaml}), as workspace-service resolves it, in the
     * workspace scope (workspace SCIM users and workspace-local groups, no catalogs): the shipped blueprints say
     * {@code account}, and the tests of the workspace scope keep the workspaces that use it ({@code accountScoped} in
     * {@link AccountScopeTestBase} gives the account scope).
     */
    protected static DesiredState blueprint(String name) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "blueprints", name + ".yaml").toFile());
            ObjectNode state = (ObjectNode) tree.get("desiredState");
            state.put("identityScope", "workspace");
            state.remove("unityCatalog");
            for (JsonNode policy : state.withArray("clusterPolicies")) {
                ((ObjectNode) policy).put("definition", MAPPER.writeValueAsString(policy.get("definition")));
            }
            return MAPPER.treeToValue(state, DesiredState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

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
}
