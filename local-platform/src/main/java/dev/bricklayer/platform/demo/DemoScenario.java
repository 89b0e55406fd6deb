package dev.bricklayer.platform.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformMemory;

/**
 * The demo: two workspaces from two blueprints, HR joiners, movers and leavers, tokens made by people (some breaking
 * the policy), hand-made drift, a sweep ({@link DemoSteps}) — with live progress — and a report of what the platform
 * did ({@link DemoFigures}), each figure read from the services, the emulator or the events, and checked against what
 * the scenario expects; in the account scope also each person's data access and what a joiner cost
 * ({@link IdentityFigures}).
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

    public DemoScenario(LocalPlatform platform, ObjectMapper mapper, int people, PrintStream out) {
        this.platform = platform;
        this.mapper = mapper;
        this.people = Math.max(MIN_PEOPLE, people);
        this.out = out;
    }

    public Report run() {
        Findings findings = new Findings();
        PlatformClient client = new PlatformClient(platform.settings(), mapper);
        PlatformReadings readings = new PlatformReadings(platform, client, mapper);
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", platform.settings().kafka(), "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class)));
        kafka.partitionsFor(HrTopics.PEOPLE); // the HR system's producer is a long-lived one: made before any joiner's clock starts
        CloudEventPublisher hr = new CloudEventPublisher(kafka, mapper, "hr-system");
        PlatformMemory memory = new PlatformMemory(platform);
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "memory-sampling");
            thread.setDaemon(true);
            return thread;
        });
        sampling.scheduleAtFixedRate(memory::read, 0, 2, TimeUnit.SECONDS);
        try (EventTally events = new EventTally(platform.settings().kafka(), List.of(WorkspaceTopics.EVENTS, SecurityTopics.EVENTS,
                IdentityTopics.EVENTS, TokenTopics.EVENTS), mapper);
             Progress progress = new Progress(out, () -> counters(events))) {
            DemoSteps steps = new DemoSteps(client, readings, mapper, hr, events, progress, findings, people);
            try {
                steps.run();
            } catch (RuntimeException e) {
                findings.problem("the scenario stopped: " + e.getMessage());
            }
            new DemoFigures(client, readings, mapper, events, findings).collect();
            new IdentityFigures(client, readings, mapper, events, findings).collect(people, steps.joining(), steps.loneJoiners());
            sampling.shutdownNow();
            memory.read();
            findings.figure("memory, every process (PSS), peak", memory.peak().map(PlatformMemory.Reading::describe)
                    .orElse("not measurable here (no /proc/<pid>/smaps_rollup)"));
        } catch (RuntimeException e) {
            findings.problem("the report could not be made: " + e.getMessage());
        } finally {
            sampling.shutdownNow();
            kafka.destroy();
        }
        return findings.report();
    }

    private static String counters(EventTally events) {
        return String.format("workspaces ready %d/2 onboarded %d/2 | people provisioned %d deprovisioned %d | grants %d | "
                        + "data grants %d | drift found %d corrected %d | tokens revoked %d reported %d",
                events.count("WorkspaceReady"), events.count("WorkspaceOnboarded"), events.count("UserProvisioned"),
                events.count("UserDeprovisioned"), events.count("AccessGranted"), events.count("DataGrantApplied"), events.count("DriftDetected"),
                events.count("DriftCorrected"), events.count("TokenRevoked"), events.count("TokenViolationFound"));
    }
}
