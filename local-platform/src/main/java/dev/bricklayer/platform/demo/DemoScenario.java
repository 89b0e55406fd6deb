package dev.bricklayer.platform.demo;

import java.io.PrintStream;
import java.net.URI;
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
import java.util.stream.Collectors;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Answer;
import dev.bricklayer.platform.client.PlatformClient.Caller;
import dev.bricklayer.platform.run.EmulatorDefaults;
import dev.bricklayer.platform.run.LocalPlatform;

/**
 * The demo: two workspaces from two blueprints, HR joiners, movers and leavers, tokens made by people (some breaking
 * the policy), hand-made drift, a sweep — with live progress — and a report of what the platform did, each figure
 * read from the services, the emulator or the events, and checked against what the scenario expects.
 */
public final class DemoScenario {

    /** The final report: whether every expectation held, and the text. */
    public record Report(boolean ok, String text, Map<String, Object> figures) {
    }

    static final String ANALYTICS = "demo-analytics";
    static final String SECURE = "demo-secure";
    /** The tokens seeded below belong to people up to number 15. */
    public static final int MIN_PEOPLE = 18;

    private final LocalPlatform platform;
    private final ObjectMapper mapper;
    private final int people;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public DemoScenario(LocalPlatform platform, ObjectMapper mapper, int people, PrintStream out) {
        this.platform = platform;
        this.mapper = mapper;
        this.people = Math.max(MIN_PEOPLE, people);
        this.out = out;
    }

    public Report run() {
        PlatformClient client = new PlatformClient(platform.settings(), mapper);
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", platform.settings().kafka(), "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class)));
        CloudEventPublisher hr = new CloudEventPublisher(kafka, mapper, "hr-system");
        try (EventTally events = new EventTally(platform.settings().kafka(), List.of(WorkspaceTopics.EVENTS, SecurityTopics.EVENTS,
                IdentityTopics.EVENTS, TokenTopics.EVENTS), mapper);
             Progress progress = new Progress(out, () -> counters(events))) {
            Steps steps = new Steps(client, hr, events, progress);
            try {
                steps.run();
            } catch (RuntimeException e) {
                problems.add("the scenario stopped: " + e.getMessage());
            }
            steps.report();
        } catch (RuntimeException e) {
            problems.add("the report could not be made: " + e.getMessage());
        } finally {
            kafka.destroy();
        }
        return report();
    }

    private String counters(EventTally events) {
        return String.format("workspaces ready %d/2 onboarded %d/2 | people provisioned %d deprovisioned %d | grants %d | "
                        + "drift found %d corrected %d | tokens revoked %d reported %d",
                events.count("WorkspaceReady"), events.count("WorkspaceOnboarded"), events.count("UserProvisioned"),
                events.count("UserDeprovisioned"), events.count("AccessGranted"), events.count("DriftDetected"),
                events.count("DriftCorrected"), events.count("TokenRevoked"), events.count("TokenViolationFound"));
    }

    /** The scenario's steps, sharing the client, the HR producer and the tally. */
    private final class Steps {
        private final PlatformClient client;
        private final CloudEventPublisher hr;
        private final EventTally events;
        private final Progress progress;
        private final Map<String, String> urls = new HashMap<>();
        private final Map<String, Instant> joinedAt = new HashMap<>();

        Steps(PlatformClient client, CloudEventPublisher hr, EventTally events, Progress progress) {
            this.client = client;
            this.hr = hr;
            this.events = events;
            this.progress = progress;
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
                JsonNode status = client.api(Caller.PLATFORM_TEAM, "GET", service("workspace-service", "/api/v1/workspaces/" + name), null)
                        .expect(200).json(mapper);
                urls.put(name, status.path("workspaceUrl").asText());
                List<String> steps = new ArrayList<>();
                status.path("steps").fields().forEachRemaining(step -> steps.add(step.getKey() + " " + step.getValue().path("state").asText()));
                Duration took = Duration.between(Instant.parse(status.path("createdAt").asText()), Instant.parse(status.path("updatedAt").asText()));
                figures.put("workspace " + name, String.format("%s at https://%s in %.1f s (%s)", status.path("status").asText(),
                        status.path("workspaceUrl").asText(), took.toMillis() / 1000.0, String.join(", ", steps)));
                if (!"ONBOARDED".equals(status.path("status").asText())) {
                    problems.add(name + " is " + status.path("status").asText() + ": " + status.path("steps"));
                }
            }

            progress.phase("2/7 HR: " + people + " people join");
            List<UserJoined> joiners = DemoPeople.joiners(people);
            joiners.forEach(j -> {
                hr.publish(HrTopics.PEOPLE, j.employeeId(), j).block(Duration.ofSeconds(10));
                joinedAt.put(j.employeeId(), Instant.now());
            });
            await("every joiner provisioned", Duration.ofMinutes(3), () -> provisionedPeople() >= people);
            figures.put("HR event -> user provisioned in every workspace", latencies());

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
            client.api(Caller.PLATFORM_TEAM, "POST", service("security-service", "/api/v1/security/workspaces/" + ANALYTICS + "/reconcile"), null)
                    .expect(200, 202);
            client.api(Caller.PLATFORM_TEAM, "POST", service("security-service", "/api/v1/security/workspaces/" + SECURE + "/reconcile"), null)
                    .expect(200, 202);
            await("drift corrected in " + ANALYTICS + " and reported in " + SECURE, Duration.ofMinutes(2), () ->
                    events.count("DriftCorrected", e -> ANALYTICS.equals(e.key())) >= 1
                            && events.count("DriftDetected", e -> SECURE.equals(e.key())) >= 1);

            progress.phase("6/7 Token sweep of every workspace");
            long sweepsBefore = events.count("TokenSweepCompleted");
            client.api(Caller.PLATFORM_TEAM, "POST", service("token-service", "/api/v1/tokens/sweeps"), Map.of()).expect(200, 202);
            await("both workspaces swept", Duration.ofMinutes(2), () -> events.count("TokenSweepCompleted") >= sweepsBefore + 2);

            progress.phase("7/7 Audit: every call the emulator served is in the chain");
            await("audit caught up with the emulator's journal", Duration.ofMinutes(2), () -> auditRecords() >= servedCalls());
        }

        private void request(String name, String blueprint, String vnet, Map<String, String> tags) {
            String prefix = vnet.substring(0, vnet.indexOf(".0.0/16"));
            WorkspaceRequested request = new WorkspaceRequested("demo-" + name + "-" + Instant.now().getEpochSecond(), name,
                    EmulatorDefaults.SUBSCRIPTION, "rg-" + name, "westeurope", PricingTier.PREMIUM,
                    new NetworkSpec("vnet-" + name, vnet, new Subnet("snet-public", prefix + ".0.0/18"),
                            new Subnet("snet-private", prefix + ".64.0/18"), "nsg-" + name, true),
                    tags, new BlueprintRef(blueprint, "1"), Map.of(), "platform-team@contoso.com", Instant.now());
            client.api(Caller.PLATFORM_TEAM, "POST", service("workspace-service", "/api/v1/workspaces"), request).expect(202);
        }

        /** p50 and max, over the joiners, from publishing the HR event to the last workspace's UserProvisioned. */
        private String latencies() {
            Map<String, Instant> done = new HashMap<>();
            events.of("UserProvisioned").forEach(e -> done.merge(e.body().path("employeeId").asText(), e.received(),
                    (a, b) -> a.isAfter(b) ? a : b));
            List<Long> millis = joinedAt.entrySet().stream().filter(j -> done.containsKey(j.getKey()))
                    .map(j -> Duration.between(j.getValue(), done.get(j.getKey())).toMillis()).sorted().toList();
            if (millis.isEmpty()) {
                return "none provisioned";
            }
            return String.format("p50 %.1f s, max %.1f s (%d joiners)", millis.get(millis.size() / 2) / 1000.0,
                    millis.get(millis.size() - 1) / 1000.0, millis.size());
        }

        private long provisionedPeople() {
            return events.of("UserProvisioned").stream().map(e -> e.body().path("employeeId").asText()).distinct().count();
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
            figures.put("tokens seeded as if made by people", tokens.size() + " " + expected);
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

        private URI service(String name, String path) {
            return platform.endpoints().get(name).resolve(path);
        }

        private long auditRecords() {
            return client.api(Caller.AUDITOR, "GET", service("audit-service", "/api/v1/audit?size=1"), null).expect(200).json(mapper)
                    .path("total").asLong();
        }

        /** Requests the emulator served that the services made ({@link PlatformCalls}). */
        private long servedCalls() {
            JsonNode journal = client.admin("GET", "/journal", null).expect(200).json(mapper);
            long served = 0;
            for (JsonNode entry : journal) {
                if (PlatformCalls.madeByTheServices(entry)) {
                    served++;
                }
            }
            return served;
        }

        private void expect(String what, Map<String, Long> actual, Map<String, Long> expected) {
            if (!new TreeMap<>(expected).equals(actual)) {
                problems.add(what + ": " + actual + ", expected " + new TreeMap<>(expected));
            }
        }

        private void await(String what, Duration timeout, BooleanSupplier done) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    problems.add("not within " + timeout.toSeconds() + " s: " + what);
                    return;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        void report() {
            // a person has access in a workspace when the last of their UserProvisioned / UserDeprovisioned there provisioned
            Map<String, Map<String, Boolean>> access = new TreeMap<>();
            for (EventTally.Event e : events.all()) {
                if (e.type().equals("UserProvisioned") || e.type().equals("UserDeprovisioned")) {
                    access.computeIfAbsent(e.key(), k -> new HashMap<>()).put(e.body().path("employeeId").asText(),
                            e.type().equals("UserProvisioned"));
                }
            }
            Map<String, String> perWorkspace = new TreeMap<>();
            access.forEach((workspace, people) -> perWorkspace.put(workspace, people.values().stream().filter(b -> b).count()
                    + " with access (" + people.size() + " provisioned)"));
            figures.put("people per workspace", perWorkspace);
            figures.put("people deprovisioned (left or no longer entitled)", events.count("UserDeprovisioned"));
            figures.put("grants applied", events.count("AccessGranted"));
            figures.put("drift corrected", events.of("DriftCorrected").stream().map(e -> e.key() + ": "
                    + e.body().path("corrections").size() + " corrections").toList());
            figures.put("drift reported only", events.of("DriftDetected").stream().filter(e -> "report".equals(e.body().path("mode").asText()))
                    .map(e -> e.key() + ": " + e.body().path("differences").size() + " differences").toList());
            Map<String, Long> revoked = events.of("TokenRevoked").stream().collect(Collectors.groupingBy(e -> e.body().path("rule").asText(),
                    TreeMap::new, Collectors.counting()));
            Map<String, Long> reported = events.of("TokenViolationFound").stream().collect(Collectors.groupingBy(
                    e -> e.body().path("rule").asText(), TreeMap::new, Collectors.counting()));
            figures.put("tokens revoked, by rule", revoked);
            figures.put("tokens reported, by rule", reported);
            // the seeded tokens: two of leavers, two without expiry, two beyond their workspace's maximum, two near expiry;
            // and the one-day token of the person who changed each workspace by hand is near expiry too
            expect("tokens revoked", revoked, Map.of("owner-inactive", 2L, "no-expiry", 2L, "exceeds-max-lifetime", 2L));
            expect("tokens reported", reported, Map.of("near-expiry", 4L));
            long audited = auditRecords();
            long served = servedCalls();
            figures.put("audit records stored / calls the emulator served", audited + " / " + served);
            if (audited != served) {
                problems.add("audit records (" + audited + ") differ from calls served (" + served + ")");
            }
            JsonNode verify = client.api(Caller.AUDITOR, "GET", service("audit-service", "/api/v1/audit/verify"), null).expect(200).json(mapper);
            figures.put("audit chain", verify.path("intact").asBoolean() ? "intact, " + verify.path("records").asLong() + " records verified"
                    : "BROKEN at " + verify);
            if (!verify.path("intact").asBoolean()) {
                problems.add("the audit chain does not verify: " + verify);
            }
        }
    }

    private Report report() {
        StringBuilder text = new StringBuilder("\n=== Bricklayer demo report ===\n");
        figures.forEach((name, value) -> text.append(String.format("  %-52s %s%n", name, value)));
        text.append(problems.isEmpty() ? "  every expectation held\n" : "  PROBLEMS:\n");
        problems.forEach(p -> text.append("   - ").append(p).append('\n'));
        return new Report(problems.isEmpty(), text.toString(), Map.copyOf(figures));
    }
}
