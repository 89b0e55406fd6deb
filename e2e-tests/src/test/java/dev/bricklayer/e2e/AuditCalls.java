package dev.bricklayer.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.platform.demo.EventTally;

/**
 * Every call the services make, as their write-ahead audit records say ({@code bricklayer.audit.api-calls}): which
 * service called which workspace when, and which attempts were answered 429 — the figures of the benchmark's runs.
 */
final class AuditCalls implements AutoCloseable {

    /** Calls to some workspaces within a window: in all, by service, and answered 429. */
    record Window(long total, Map<String, Long> byService, long throttled) {
    }

    private final EventTally records;

    AuditCalls(String bootstrapServers, ObjectMapper mapper) {
        this.records = new EventTally(bootstrapServers, List.of(AuditTopics.API_CALLS), mapper);
    }

    /** The calls to {@code workspaces} started within [{@code from}, {@code to}], once the records have arrived. */
    Window window(Instant from, Instant to, Set<String> workspaces) {
        BudgetBenchmark.sleep(Duration.ofSeconds(2)); // the last records on their way
        Map<String, Long> byService = new TreeMap<>();
        long total = 0;
        for (EventTally.Event started : records.of("ApiCallStarted")) {
            if (within(started.body(), "startedAt", from, to, workspaces)) {
                byService.merge(started.body().path("service").asText(), 1L, Long::sum);
                total++;
            }
        }
        long throttled = records.count("ApiCallCompleted", completed -> completed.body().path("status").asInt() == 429
                && within(completed.body(), "completedAt", from, to, workspaces));
        return new Window(total, byService, throttled);
    }

    /** When {@code service}'s first call to {@code workspace} in [{@code from}, {@code to}] started and its last one ended. */
    record Span(Instant firstStarted, Instant lastCompleted, int calls) {
    }

    /** The span of {@code service}'s calls to {@code workspace} within the window, if it made any. */
    java.util.Optional<Span> span(String service, String workspace, Instant from, Instant to) {
        Set<String> only = Set.of(workspace);
        Instant first = null;
        int calls = 0;
        for (EventTally.Event started : records.of("ApiCallStarted")) {
            if (service.equals(started.body().path("service").asText()) && within(started.body(), "startedAt", from, to, only)) {
                Instant at = Instant.parse(started.body().path("startedAt").asText());
                first = first == null || at.isBefore(first) ? at : first;
                calls++;
            }
        }
        Instant last = null;
        for (EventTally.Event completed : records.of("ApiCallCompleted")) {
            if (service.equals(completed.body().path("service").asText()) && within(completed.body(), "completedAt", from, to, only)) {
                Instant at = Instant.parse(completed.body().path("completedAt").asText());
                last = last == null || at.isAfter(last) ? at : last;
            }
        }
        return first == null || last == null ? java.util.Optional.empty() : java.util.Optional.of(new Span(first, last, calls));
    }

    private static boolean within(JsonNode record, String time, Instant from, Instant to, Set<String> workspaces) {
        Instant at = Instant.parse(record.path(time).asText());
        return workspaces.contains(record.path("workspace").asText()) && !at.isBefore(from) && !at.isAfter(to);
    }

    @Override
    public void close() {
        records.close();
    }
}
