package dev.bricklayer.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;
import dev.bricklayer.platform.demo.EventTally;
import dev.bricklayer.platform.run.EmulatorDefaults;
import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformMemory;
import reactor.core.publisher.Flux;

/**
 * The benchmark's runs on one running platform: workspaces onboarded, bursts of joiners (alone, with background work,
 * with more instances), single joiners, a leaver; each run's figures from the audit records of the calls made
 * ({@link AuditCalls}: service, workspace, time, 429s) and the services' events.
 */
final class BenchmarkRuns implements AutoCloseable {

    static final double CEILING_PER_WORKSPACE = 30;
    static final HrAttributes ANALYST = new HrAttributes("Finance", "CC-9000", "Financial Analyst", "London", EmploymentType.EMPLOYEE);
    static final HrAttributes LEAVER = new HrAttributes("Finance", "CC-9000", "Leaver Under Test", "London", EmploymentType.EMPLOYEE);

    private final LocalPlatform platform;
    private final PlatformClient client;
    private final PlatformMemory memory;
    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEventPublisher hr;
    private final EventTally events;
    private final AuditCalls calls;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
    private final List<String> burstWorkspaces = new ArrayList<>();
    private final List<String> allWorkspaces = new ArrayList<>();
    private int people;

    BenchmarkRuns(LocalPlatform platform, ObjectMapper mapper, PlatformMemory memory) {
        this.platform = platform;
        this.client = new PlatformClient(platform.settings(), mapper);
        this.memory = memory;
        this.kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", platform.settings().kafka(), "acks", "all", "linger.ms", "5",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class)));
        this.hr = new CloudEventPublisher(kafka, mapper, "hr-benchmark");
        this.events = new EventTally(platform.settings().kafka(), List.of(WorkspaceTopics.EVENTS, IdentityTopics.EVENTS, TokenTopics.EVENTS), mapper);
        this.calls = new AuditCalls(platform.settings().kafka(), mapper);
        background.scheduleAtFixedRate(memory::read, 0, 2, TimeUnit.SECONDS);
    }

    /** {@code total} workspaces, the first {@code internal} given to the bursts' joiners by the access rules. */
    void onboard(int internal, int total) {
        List<String> names = BudgetBenchmark.names("bench-ws-", 1, total);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean forBursts = i < internal;
            if (forBursts) {
                burstWorkspaces.add(name);
            }
            allWorkspaces.add(name);
            int net = 100 + i;
            WorkspaceRequested request = new WorkspaceRequested("bench-" + name + "-" + Instant.now().getEpochSecond(), name,
                    EmulatorDefaults.SUBSCRIPTION, "rg-" + name, "westeurope", PricingTier.PREMIUM,
                    new NetworkSpec("vnet-" + name, "10." + net + ".0.0/16", new Subnet("snet-public", "10." + net + ".0.0/18"),
                            new Subnet("snet-private", "10." + net + ".64.0/18"), "nsg-" + name, true),
                    Map.of("data-classification", forBursts ? "internal" : "sandbox", "bench-scope", "all"),
                    // the workspace scope, as when these runs were first measured: people are workspace SCIM users, so the
                    // runs measure the workspace's budget (the shipped blueprint is account-scoped)
                    new BlueprintRef("standard", "1"), Map.of("identityScope", "workspace"), "platform-team@contoso.com", Instant.now());
            client.api(Caller.PLATFORM_TEAM, "POST", platform.endpoints().get("workspace-service").resolve("/api/v1/workspaces"), request)
                    .expect(202);
        }
        await("workspaces onboarded", Duration.ofMinutes(15), () -> events.of("WorkspaceOnboarded").size() >= total);
    }

    /**
     * {@code count} joiners at once, given every burst workspace; with {@code busy}: meanwhile a drift pass of each of
     * them every 2 s and a sweep every 15 s (a sweep reads the workspace's every user: thousands by then).
     */
    Map<String, String> burst(String label, int count, boolean busy, boolean instances) {
        List<UserJoined> joiners = joiners("B" + label.charAt(0), count, ANALYST);
        Map<String, Instant> published = new ConcurrentHashMap<>();
        List<java.util.concurrent.ScheduledFuture<?>> work = new ArrayList<>();
        if (busy) {
            work.add(background.scheduleAtFixedRate(() -> burstWorkspaces.forEach(ws -> post("security-service",
                    "/api/v1/security/workspaces/" + ws + "/reconcile", null)), 0, 2, TimeUnit.SECONDS));
            work.add(background.scheduleAtFixedRate(() -> burstWorkspaces.forEach(ws -> post("token-service", "/api/v1/tokens/sweeps",
                    Map.of("workspace", ws))), 0, 15, TimeUnit.SECONDS));
        }
        Instant start = Instant.now();
        java.util.concurrent.CompletableFuture<String> permitCost = busy && !instances
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> PermitCost.measure(platform.endpoints().get("postgres").toString(), 300))
                : null;
        Flux.fromIterable(joiners).flatMap(j -> {
            published.put(j.employeeId(), Instant.now());
            return hr.publish(HrTopics.PEOPLE, j.employeeId(), j);
        }, 64).blockLast(Duration.ofMinutes(2));
        Map<String, Instant> done = awaitProvisioned(published.keySet(), burstWorkspaces.size(), Duration.ofMinutes(20));
        Instant end = done.values().stream().max(Instant::compareTo).orElse(Instant.now());
        work.forEach(w -> w.cancel(false));

        AuditCalls.Window window = calls.window(start, end, Set.copyOf(burstWorkspaces));
        double seconds = Duration.between(start, end).toMillis() / 1000.0;
        double ceiling = CEILING_PER_WORKSPACE * burstWorkspaces.size();
        Map<String, String> figures = new LinkedHashMap<>();
        if (permitCost != null) {
            figures.put("one permit during run 2: mean / p99 (ms)", permitCost.join());
        }
        figures.put(label + ": requests/s, share of " + (int) ceiling + "/s", String.format("%.1f (%.0f %%)", window.total() / seconds,
                100 * window.total() / seconds / ceiling));
        if (busy) {
            window.byService().forEach((service, n) -> figures.put(label + ": " + service + " share of the ceiling",
                    String.format("%.1f %%", 100 * n / seconds / ceiling)));
        }
        figures.put(label + ": answered 429", String.format("%.2f %% (%d of %d)", 100.0 * window.throttled() / Math.max(1, window.total()),
                window.throttled(), window.total()));
        figures.put(label + ": identity calls per person and workspace", String.format("%.3f",
                (double) window.byService().getOrDefault("identity-service", 0L) / ((long) count * burstWorkspaces.size())));
        figures.put(label + ": HR event -> active everywhere, p50 / p99 (s)", percentiles(published, done, 1000.0, "%.1f"));
        figures.put(label + ": joiners", String.valueOf(done.size()) + " of " + count + " in " + String.format("%.1f s", seconds));
        return figures;
    }

    /** {@code count} joiners one at a time on an idle platform. */
    Map<String, String> singles(String label, int count) {
        Map<String, Instant> published = new LinkedHashMap<>();
        Map<String, Instant> done = new HashMap<>();
        for (UserJoined joiner : joiners("S", count, ANALYST)) {
            published.put(joiner.employeeId(), Instant.now());
            hr.publish(HrTopics.PEOPLE, joiner.employeeId(), joiner).block(Duration.ofSeconds(10));
            done.putAll(awaitProvisioned(Set.of(joiner.employeeId()), burstWorkspaces.size(), Duration.ofMinutes(1)));
        }
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put(label + ": HR event -> active everywhere, p50 / p99 (ms)", percentiles(published, done, 1.0, "%.0f"));
        figures.putAll(idlePhases(label, published));
        return figures;
    }

    /**
     * Where a lone joiner's time goes, per workspace, from the audit records and events: HR event published -> the
     * service's first call to the workspace started (consumed, applied, the workspace's cycle, a permit); -> its last
     * call completed (the calls, one after the other); -> {@code UserProvisioned} received (recorded, published).
     */
    private Map<String, String> idlePhases(String label, Map<String, Instant> published) {
        BudgetBenchmark.sleep(Duration.ofSeconds(2)); // the last audit records on their way
        List<Long> toFirstCall = new ArrayList<>();
        List<Long> calling = new ArrayList<>();
        List<Long> toEvent = new ArrayList<>();
        List<Long> callsPerWorkspace = new ArrayList<>();
        for (EventTally.Event e : events.of("UserProvisioned")) {
            Instant from = published.get(e.body().path("employeeId").asText());
            if (from == null) {
                continue;
            }
            String workspace = e.body().path("workspaceName").asText();
            calls.span("identity-service", workspace, from, e.received()).ifPresent(span -> {
                toFirstCall.add(Duration.between(from, span.firstStarted()).toMillis());
                calling.add(Duration.between(span.firstStarted(), span.lastCompleted()).toMillis());
                toEvent.add(Duration.between(span.lastCompleted(), e.received()).toMillis());
                callsPerWorkspace.add((long) span.calls());
            });
        }
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put(label + ", per workspace: published -> first call started, p50 / p99 (ms)", percentiles(toFirstCall));
        figures.put(label + ", per workspace: first call started -> last completed, p50 / p99 (ms)", percentiles(calling));
        figures.put(label + ", per workspace: last call completed -> UserProvisioned received, p50 / p99 (ms)", percentiles(toEvent));
        figures.put(label + ", per workspace: calls, p50 / p99", percentiles(callsPerWorkspace));
        return figures;
    }

    private static String percentiles(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "none";
        }
        return sorted.get(sorted.size() / 2) + " / " + sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }

    /** A person with access and a token in {@code workspaces} workspaces leaves. */
    Map<String, String> leaver(String label, int workspaces) {
        UserJoined person = joiners("L", 1, LEAVER).get(0);
        hr.publish(HrTopics.PEOPLE, person.employeeId(), person).block(Duration.ofSeconds(10));
        awaitProvisioned(Set.of(person.employeeId()), workspaces, Duration.ofMinutes(5));
        for (String workspace : allWorkspaces) {
            client.admin("POST", "/workspaces/" + workspace + "/tokens", Map.of("userName", person.userName(), "comment", "benchmark",
                    "lifetimeSeconds", 30L * 86_400)).expect(201);
        }
        Instant left = Instant.now();
        hr.publish(HrTopics.PEOPLE, person.employeeId(), new UserLeft(person.employeeId(), person.userName(), LocalDate.now(), left))
                .block(Duration.ofSeconds(10));
        await("leaver revoked and deactivated everywhere", Duration.ofMinutes(5), () ->
                events.count("TokenRevoked", e -> person.userName().equals(e.body().path("owner").asText())) >= workspaces
                        && events.count("UserDeprovisioned", e -> person.employeeId().equals(e.body().path("employeeId").asText())) >= workspaces);
        Instant end = events.all().stream().filter(e -> (e.type().equals("TokenRevoked") && person.userName().equals(e.body().path("owner").asText()))
                        || (e.type().equals("UserDeprovisioned") && person.employeeId().equals(e.body().path("employeeId").asText())))
                .map(EventTally.Event::received).max(Instant::compareTo).orElse(Instant.now());
        return Map.of(label + ": HR event -> every token revoked, deactivated in " + workspaces + " workspaces (s)",
                String.format("%.1f", Duration.between(left, end).toMillis() / 1000.0));
    }

    private List<UserJoined> joiners(String prefix, int count, HrAttributes attributes) {
        List<UserJoined> joiners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = people++;
            String id = "E-" + prefix + "-" + n;
            joiners.add(new UserJoined(id, "bench." + prefix.toLowerCase() + n + "@contoso.com", "Bench " + n, "Bench", String.valueOf(n),
                    attributes, LocalDate.now(), Instant.now()));
        }
        return joiners;
    }

    /** When each person was last provisioned, once every one is provisioned in {@code workspaces} workspaces. */
    private Map<String, Instant> awaitProvisioned(Set<String> employees, int workspaces, Duration timeout) {
        Map<String, Instant> done = new HashMap<>();
        await(employees.size() + " provisioned", timeout, () -> {
            Map<String, Set<String>> where = new HashMap<>();
            Map<String, Instant> last = new HashMap<>();
            for (EventTally.Event e : events.of("UserProvisioned")) {
                String id = e.body().path("employeeId").asText();
                if (employees.contains(id)) {
                    where.computeIfAbsent(id, k -> new java.util.HashSet<>()).add(e.body().path("workspaceName").asText());
                    last.merge(id, e.received(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            done.clear();
            where.forEach((id, ws) -> {
                if (ws.size() >= workspaces) {
                    done.put(id, last.get(id));
                }
            });
            return done.size() >= employees.size();
        });
        return done;
    }

    private static String percentiles(Map<String, Instant> published, Map<String, Instant> done, double divisor, String format) {
        List<Long> millis = published.entrySet().stream().filter(p -> done.containsKey(p.getKey()))
                .map(p -> Duration.between(p.getValue(), done.get(p.getKey())).toMillis()).sorted().toList();
        if (millis.isEmpty()) {
            return "none";
        }
        double p50 = millis.get(millis.size() / 2) / divisor;
        double p99 = millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1)) / divisor;
        return String.format(format + " / " + format, p50, p99);
    }

    private void post(String service, String path, Object body) {
        try {
            client.api(Caller.PLATFORM_TEAM, "POST", platform.endpoints().get(service).resolve(path), body);
        } catch (RuntimeException e) {
            System.out.println("background call " + path + " failed: " + e.getMessage());
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout + ": " + what);
            }
            BudgetBenchmark.sleep(Duration.ofMillis(20));
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        events.close();
        calls.close();
        kafka.destroy();
    }
}
