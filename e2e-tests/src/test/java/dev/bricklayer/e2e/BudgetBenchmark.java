package dev.bricklayer.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformMemory;
import dev.bricklayer.platform.run.PlatformSettings;
import dev.bricklayer.platform.run.ServiceSpec;

/**
 * The shared workspace budget against the old fixed shares, on the whole local platform (Kafka, PostgreSQL, the
 * emulator enforcing 30 requests/s per workspace and 4 SCIM calls at once, the five services as separate JVMs):
 * the six runs of the budget issue, printed as one table. {@code -Dbenchmark.joiners} (1,000),
 * {@code -Dbenchmark.singles} (50), {@code -Dbenchmark.leaver-workspaces} (50). Needs the boot jars:
 * {@code ./mvnw -B -pl e2e-tests -am -Pbenchmark package -Dtest=BudgetBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class BudgetBenchmark {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final int JOINERS = Integer.getInteger("benchmark.joiners", 1000);
    static final int SINGLES = Integer.getInteger("benchmark.singles", 50);
    static final int LEAVER_WORKSPACES = Integer.getInteger("benchmark.leaver-workspaces", 50);
    /** {@code -Dbenchmark.compare=false}: the shared budget only, without the old fixed shares' run (for quick looks). */
    static final boolean COMPARE = !"false".equals(System.getProperty("benchmark.compare"));

    /** The old fixed shares, per instance, each service's budget in its own memory. */
    static final Map<String, String> OLD_SHARES = Map.of("identity-service", "0.40", "security-service", "0.25",
            "token-service", "0.25", "workspace-service", "0.10", "audit-service", "0.10");

    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void sharedBudgetAgainstTheOldFixedShares() throws Exception {
        Path rules = benchmarkRules();
        Map<String, String> shared = run("shared", rules, service -> List.of());
        Files.writeString(ROOT.resolve("e2e-tests/target/budget-benchmark-shared.txt"), shared.toString()); // kept if the second run fails
        Map<String, String> fixed = !COMPARE ? Map.of() : run("fixed", rules, service -> List.of("--bricklayer.http.budget.store=local",
                "--bricklayer.http.budget.share=" + OLD_SHARES.get(service), "--bricklayer.http.budget.minimum-per-second=0"));
        StringBuilder table = new StringBuilder("\n| figure | shared budget | old fixed shares | shared / fixed |\n|---|---|---|---|\n");
        shared.forEach((figure, value) -> table.append("| ").append(figure).append(" | ").append(value).append(" | ")
                .append(fixed.getOrDefault(figure, "—")).append(" | ").append(ratio(value, fixed.get(figure))).append(" |\n"));
        System.out.println(table);
        Files.writeString(ROOT.resolve("e2e-tests/target/budget-benchmark.md"), table);
    }

    private Map<String, String> run(String name, Path rules, java.util.function.Function<String, List<String>> budgetSettings) {
        PlatformSettings d = PlatformSettings.defaults(ROOT);
        // ports below the ephemeral range, apart from PlatformIT's and the demo's
        PlatformSettings settings = new PlatformSettings(ROOT, ROOT.resolve("e2e-tests/target/benchmark-" + name), 23192, 23432, 23443,
                23444, 23081, "256m", Duration.ofMillis(500), Duration.ofHours(1), Duration.ofHours(1), ServiceSpec.NAMES);
        LocalPlatform platform = new LocalPlatform(settings, line -> System.out.println("[" + name + "] starting " + line));
        for (String service : ServiceSpec.NAMES) {
            platform.withArguments(service, budgetSettings.apply(service));
        }
        platform.withArguments("identity-service", List.of("--bricklayer.identity.access-rules-dir=" + rules));
        Map<String, String> figures = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (LocalPlatform running = platform.start()) {
            figures.put("platform ready (s)", String.format("%.1f", (System.nanoTime() - start) / 1e9));
            figures.put("one permit, idle: mean / p99 (ms)", PermitCost.measure(running.endpoints().get("postgres").toString(), 300));
            PlatformMemory memory = new PlatformMemory(running);
            try (BenchmarkRuns runs = new BenchmarkRuns(running, mapper, memory)) {
                runs.onboard(4, LEAVER_WORKSPACES);
                figures.putAll(runs.burst("1 identity alone", JOINERS, false, false));
                figures.putAll(runs.burst("2 with drift passes and sweeps", JOINERS, true, false));
                running.startInstance("identity-service", 23091);
                running.startInstance("token-service", 23093);
                figures.putAll(runs.burst("3 two identity and two token instances", JOINERS, true, true));
                figures.putAll(runs.singles("4 idle", SINGLES));
                figures.putAll(runs.leaver("5 leaver", LEAVER_WORKSPACES));
            }
            memory.read();
            figures.put("memory of every process, peak (GB, PSS)", memory.peak().map(r -> String.format("%.2f", r.totalKb() / 1048576.0))
                    .orElse("n/a"));
            figures.put("memory at the peak, by part", memory.peak().map(PlatformMemory.Reading::describe).orElse("n/a"));
        }
        return figures;
    }

    private static String ratio(String shared, String fixed) {
        try {
            double a = Double.parseDouble(shared.split(" ")[0]);
            double b = Double.parseDouble(fixed.split(" ")[0]);
            return b == 0 ? "—" : String.format("%.2f", a / b);
        } catch (RuntimeException notANumber) {
            return "—";
        }
    }

    /** The repository's access rules and one more: the leaver under test has access in every benchmark workspace. */
    private static Path benchmarkRules() throws IOException {
        Path folder = ROOT.resolve("e2e-tests/target/benchmark-rules");
        Files.createDirectories(folder);
        Files.copy(ROOT.resolve("access-rules/data-platform.yaml"), folder.resolve("data-platform.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(folder.resolve("benchmark.yaml"), """
                version: 1
                description: The benchmark's leaver has access in every benchmark workspace
                rules:
                  - name: leaver-under-test
                    match:
                      jobTitle: ["Leaver Under Test"]
                    workspaces:
                      tags: {bench-scope: all}
                    groups: [data-analysts]
                """);
        return folder;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(String prefix, int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            names.add(String.format("%s%02d", prefix, i));
        }
        return names;
    }
}
