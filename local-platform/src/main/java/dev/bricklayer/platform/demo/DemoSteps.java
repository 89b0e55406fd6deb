package dev.bricklayer.platform.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;
import dev.bricklayer.platform.run.EmulatorDefaults;

/**
 * The demo's seven steps, one after the other: workspaces requested and onboarded, joiners provisioned, tokens made by
 * people, movers and leavers, hand-made drift, a sweep, and the audit caught up — each waited for, a wait that runs out
 * recorded as a problem.
 */
final class DemoSteps {

    static final String ANALYTICS = DemoScenario.ANALYTICS;
    static final String SECURE = DemoScenario.SECURE;
    /**
     * Joiners published one at a time, each {@link #IDLE} after the one before was provisioned: what a lone joiner waits
     * on an idle platform.
     */
    static final int LONE_JOINERS = 4;
    /**
     * How long the platform is left alone before a lone joiner: the onboarding's last grants are done by then, and the
     * account's one-second limits (2 PATCHes, 5 creations [K]) have nothing of the joiner before in them.
     */
    static final Duration IDLE = Duration.ofSeconds(1);

    private final PlatformClient client;
    private final PlatformReadings readings;
    private final ObjectMapper mapper;
    private final CloudEventPublisher hr;
    private final EventTally events;
    private final Progress progress;
    private final Findings findings;
    private final int people;
    private final Map<String, String> urls = new HashMap<>();
    private final Map<String, Instant> joinedAt = new HashMap<>();
    private IdentityFigures.Window joining;
    private final List<IdentityFigures.Window> loneJoiners = new ArrayList<>();

    DemoSteps(PlatformClient client, PlatformReadings readings, ObjectMapper mapper, CloudEventPublisher hr, EventTally events,
              Progress progress, Findings findings, int people) {
        this.client = client;
        this.readings = readings;
        this.mapper = mapper;
        this.hr = hr;
        this.events = events;
        this.progress = progress;
        this.findings = findings;
        this.people = people;
    }

    void run() {
        progress.phase("1/7 A platform team asks for two workspaces: " + ANALYTICS + " (blueprint standard) and " + SECURE
                + " (blueprint restricted)");
        request(ANALYTICS, "standard", "10.139.0.0/16", Map.of("data-classification", "internal", "team", "analytics"));
        request(SECURE, "restricted", "10.140.0.0/16", Map.of("data-classification", "confidential", "team", "finance"));
        // each workspace either onboarded or failed at a step: a failure ends the wait, not the timeout
        Set<String> settling = Set.of("WorkspaceOnboarded", "WorkspaceProvisioningFailed", "WorkspaceSecuringFailed",
                "IdentityBootstrapFailed", "TokenPolicyFailed");
        await("both workspaces onboarded", Duration.ofMinutes(5), () -> events.all().stream()
                .filter(e -> settling.contains(e.type())).map(EventTally.Event::key).distinct().count() >= 2);
        for (String name : List.of(ANALYTICS, SECURE)) {
            JsonNode status = client.api(Caller.PLATFORM_TEAM, "GET", readings.service("workspace-service", "/api/v1/workspaces/" + name), null)
                    .expect(200).json(mapper);
            urls.put(name, status.path("workspaceUrl").asText());
            List<String> steps = new ArrayList<>();
            status.path("steps").fields().forEachRemaining(step -> steps.add(step.getKey() + " " + step.getValue().path("state").asText()));
            Duration took = Duration.between(Instant.parse(status.path("createdAt").asText()), Instant.parse(status.path("updatedAt").asText()));
            findings.figure("workspace " + name, String.format("%s at https://%s in %.1f s (%s)", status.path("status").asText(),
                    status.path("workspaceUrl").asText(), took.toMillis() / 1000.0, String.join(", ", steps)));
            if (!"ONBOARDED".equals(status.path("status").asText())) {
                findings.problem(name + " is " + status.path("status").asText() + ": " + status.path("steps"));
            }
        }

        int lone = Math.min(LONE_JOINERS, people);
        progress.phase("2/7 HR: " + people + " people join: " + lone + " one at a time, then " + (people - lone) + " at once");
        List<UserJoined> joiners = DemoPeople.joiners(people);
        Instant joinersFrom = Instant.now();
        for (int i = 0; i < lone; i++) {
            pause(IDLE);
            join(joiners.get(i));
            int pairs = DemoPeople.workspacesOf(i + 1);
            await("joiner " + joiners.get(i).employeeId() + " provisioned in every workspace the rules give them", Duration.ofMinutes(1),
                    () -> provisionedPairs() >= pairs);
            String employeeId = joiners.get(i).employeeId();
            Instant provisioned = provisionedAt().get(employeeId);
            if (provisioned != null) {
                loneJoiners.add(new IdentityFigures.Window(joinedAt.get(employeeId), provisioned));
            }
        }
        joiners.subList(lone, joiners.size()).forEach(this::join);
        // every joiner in every workspace the rules give them, before anyone moves: a workspace's users are announced
        // workspace by workspace, and a mover must find each of them provisioned to be moved out
        await("every joiner provisioned in every workspace the rules give them", Duration.ofMinutes(3),
                () -> provisionedPairs() >= DemoPeople.workspacesOf(people));
        joining = new IdentityFigures.Window(joinersFrom, Instant.now());
        findings.figure("HR event -> user provisioned in every workspace, one joiner at a time",
                latencies(joiners.subList(0, lone), "%.2f"));
        findings.figure("HR event -> user provisioned in every workspace, " + (people - lone) + " joiners at once",
                latencies(joiners.subList(lone, joiners.size()), "%.1f"));

        progress.phase("3/7 Tokens made by people (some against the policy)");
        seedTokens();

        progress.phase("4/7 HR: 3 people move, 2 leave");
        long deprovisionedBefore = events.count("UserDeprovisioned");
        DemoPeople.movers().forEach(m -> hr.publish(HrTopics.PEOPLE, m.employeeId(), m).block(Duration.ofSeconds(10)));
        DemoPeople.leavers().forEach(l -> hr.publish(HrTopics.PEOPLE, l.employeeId(), l).block(Duration.ofSeconds(10)));
        await("leavers deprovisioned and their tokens revoked", Duration.ofMinutes(2), () ->
                events.count("UserDeprovisioned") >= deprovisionedBefore + 3
                        && events.count("TokenRevoked", e -> e.body().path("sweepId").isNull() || e.body().path("sweepId").isMissingNode()) >= 2);

        progress.phase("5/7 Someone changes the workspaces by hand (drift)");
        handMadeDrift();
        client.api(Caller.PLATFORM_TEAM, "POST", readings.service("security-service", "/api/v1/security/workspaces/" + ANALYTICS + "/reconcile"), null)
                .expect(200, 202);
        client.api(Caller.PLATFORM_TEAM, "POST", readings.service("security-service", "/api/v1/security/workspaces/" + SECURE + "/reconcile"), null)
                .expect(200, 202);
        await("drift corrected in " + ANALYTICS + " and reported in " + SECURE, Duration.ofMinutes(2), () ->
                events.count("DriftCorrected", e -> ANALYTICS.equals(e.key())) >= 1
                        && events.count("DriftDetected", e -> SECURE.equals(e.key())) >= 1);

        progress.phase("6/7 Token sweep of every workspace");
        long sweepsBefore = events.count("TokenSweepCompleted");
        client.api(Caller.PLATFORM_TEAM, "POST", readings.service("token-service", "/api/v1/tokens/sweeps"), Map.of()).expect(200, 202);
        await("both workspaces swept", Duration.ofMinutes(2), () -> events.count("TokenSweepCompleted") >= sweepsBefore + 2);

        progress.phase("7/7 Audit: every call the emulator served is in the chain");
        await("audit caught up with the emulator's journal", Duration.ofMinutes(2), () -> readings.auditRecords() >= readings.servedCalls());
    }

    /** When the joiners were published and when the last was provisioned; {@code null} before step 2. */
    IdentityFigures.Window joining() {
        return joining;
    }

    /** Each lone joiner's HR event and their last UserProvisioned. */
    List<IdentityFigures.Window> loneJoiners() {
        return loneJoiners;
    }

    private void request(String name, String blueprint, String vnet, Map<String, String> tags) {
        String prefix = vnet.substring(0, vnet.indexOf(".0.0/16"));
        WorkspaceRequested request = new WorkspaceRequested("demo-" + name + "-" + Instant.now().getEpochSecond(), name,
                EmulatorDefaults.SUBSCRIPTION, "rg-" + name, EmulatorDefaults.REGION, PricingTier.PREMIUM,
                new NetworkSpec("vnet-" + name, vnet, new Subnet("snet-public", prefix + ".0.0/18"),
                        new Subnet("snet-private", prefix + ".64.0/18"), "nsg-" + name, true),
                tags, new BlueprintRef(blueprint, "1"), Map.of(), "platform-team@contoso.com", Instant.now());
        client.api(Caller.PLATFORM_TEAM, "POST", readings.service("workspace-service", "/api/v1/workspaces"), request).expect(202);
    }

    private void join(UserJoined joiner) {
        joinedAt.put(joiner.employeeId(), Instant.now()); // the clock starts as the HR event is sent
        hr.publish(HrTopics.PEOPLE, joiner.employeeId(), joiner).block(Duration.ofSeconds(10));
    }

    /** Employee id → when the last workspace's UserProvisioned of the person arrived. */
    private Map<String, Instant> provisionedAt() {
        Map<String, Instant> done = new HashMap<>();
        events.of("UserProvisioned").forEach(e -> done.merge(e.body().path("employeeId").asText(), e.received(),
                (a, b) -> a.isAfter(b) ? a : b));
        return done;
    }

    /** p50 and max, over {@code joiners}, from publishing the HR event to the last workspace's UserProvisioned. */
    private String latencies(List<UserJoined> joiners, String format) {
        Map<String, Instant> done = provisionedAt();
        List<Long> millis = joiners.stream().map(UserJoined::employeeId).filter(done::containsKey)
                .map(id -> Duration.between(joinedAt.get(id), done.get(id)).toMillis()).sorted().toList();
        if (millis.isEmpty()) {
            return "none provisioned";
        }
        return String.format("p50 " + format + " s, max " + format + " s (%d joiners)", millis.get(millis.size() / 2) / 1000.0,
                millis.get(millis.size() - 1) / 1000.0, millis.size());
    }

    private long provisionedPairs() {
        return events.of("UserProvisioned").stream().map(e -> e.key() + "/" + e.body().path("employeeId").asText()).distinct().count();
    }

    private void seedTokens() {
        // name → [workspace, user index, lifetime days (-1 never), expected outcome]
        List<Object[]> tokens = List.of(
                new Object[] {ANALYTICS, 0, 30, "revoked when the owner leaves"},
                new Object[] {ANALYTICS, 3, 30, "revoked when the owner leaves"},
                new Object[] {ANALYTICS, 6, -1, "revoked: no expiry"},
                new Object[] {ANALYTICS, 9, 365, "revoked: beyond 90 days"},
                new Object[] {ANALYTICS, 12, 5, "reported: expires within 7 days"},
                new Object[] {ANALYTICS, 15, 30, "kept"},
                new Object[] {SECURE, 5, -1, "revoked: no expiry"},
                new Object[] {SECURE, 8, 30, "revoked: beyond 7 days"},
                new Object[] {SECURE, 11, 1, "reported: expires within 2 days"});
        Map<String, Integer> expected = new TreeMap<>();
        for (Object[] token : tokens) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userName", DemoPeople.userName((int) token[1]));
            body.put("comment", "made by hand");
            if ((int) token[2] > 0) {
                body.put("lifetimeSeconds", (long) (int) token[2] * 86_400);
            }
            client.admin("POST", "/workspaces/" + token[0] + "/tokens", body).expect(201);
            expected.merge((String) token[3], 1, Integer::sum);
        }
        findings.figure("tokens seeded as if made by people", tokens.size() + " " + expected);
    }

    private void handMadeDrift() {
        for (String name : List.of(ANALYTICS, SECURE)) {
            JsonNode person = client.admin("POST", "/workspaces/" + name + "/people-tokens",
                    Map.of("userName", "admin.by.hand@contoso.com")).expect(201).json(mapper);
            String pat = person.path("token_value").asText();
            client.workspace(urls.get(name), pat, "POST", "/api/2.0/ip-access-lists",
                    Map.of("label", "opened-by-hand", "list_type", "ALLOW", "ip_addresses", List.of("0.0.0.0/0"))).expect(200, 201);
        }
    }

    private void await(String what, Duration timeout, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                findings.problem("not within " + timeout.toSeconds() + " s: " + what);
                return;
            }
            pause(Duration.ofMillis(250));
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
