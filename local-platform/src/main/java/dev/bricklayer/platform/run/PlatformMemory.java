package dev.bricklayer.platform.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The memory of the whole local platform: the proportional set size (Linux {@code /proc/<pid>/smaps_rollup}, shared
 * pages divided among the processes sharing them) of every one of its processes — this launcher's JVM (it runs the
 * Kafka broker), PostgreSQL's postmaster and every backend, the emulator and each service. Read on demand and kept
 * as the peak of every reading; empty where {@code /proc} gives no PSS (not Linux).
 */
public final class PlatformMemory {

    /** One reading: kB in all, by part, and how many PostgreSQL processes there were. */
    public record Reading(long totalKb, Map<String, Long> kbByPart, int postgresProcesses) {

        public String describe() {
            StringBuilder parts = new StringBuilder();
            kbByPart.forEach((part, kb) -> parts.append(parts.length() == 0 ? "" : ", ").append(part).append(' ')
                    .append(String.format("%.0f MB", kb / 1024.0)));
            return String.format("%.2f GB (%s; PostgreSQL in %d processes)", totalKb / 1024.0 / 1024.0, parts, postgresProcesses);
        }
    }

    private final LocalPlatform platform;
    private final AtomicReference<Reading> peak = new AtomicReference<>();

    public PlatformMemory(LocalPlatform platform) {
        this.platform = platform;
    }

    /** Reads every process now (and keeps the peak). */
    public Optional<Reading> read() {
        Map<String, Long> parts = new LinkedHashMap<>();
        Optional<Long> launcher = pssKb(ProcessHandle.current().pid());
        if (launcher.isEmpty()) {
            return Optional.empty();
        }
        parts.put("launcher with Kafka", launcher.get());
        List<ProcessHandle> postgres = platform.postgresProcesses();
        parts.put("PostgreSQL", postgres.stream().mapToLong(p -> pssKb(p.pid()).orElse(0L)).sum());
        for (JavaProcess process : platform.processes()) {
            process.pid().ifPresent(pid -> parts.put(process.name(), pssKb(pid).orElse(0L)));
        }
        Reading reading = new Reading(parts.values().stream().mapToLong(Long::longValue).sum(), parts, postgres.size());
        peak.accumulateAndGet(reading, (a, b) -> a == null || b.totalKb() > a.totalKb() ? b : a);
        return Optional.of(reading);
    }

    /** The largest reading so far. */
    public Optional<Reading> peak() {
        return Optional.ofNullable(peak.get());
    }

    static Optional<Long> pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
