package dev.bricklayer.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.AuditTopics;

/**
 * Every call the services make, as their write-ahead audit records say ({@code bricklayer.audit.api-calls}): which
 * service called which workspace when, and which attempts were answered 429 — the figures of the benchmark's runs.
 */
final class AuditCalls implements AutoCloseable {

    private record Call(String service, String workspace, Instant at, int status) {
    }

    /** Calls to some workspaces within a window: in all, by service, and answered 429. */
    record Window(long total, Map<String, Long> byService, long throttled) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final ObjectMapper mapper;
    private final Queue<Call> started = new ConcurrentLinkedQueue<>();
    private final Queue<Call> completed = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean running = true;

    AuditCalls(String bootstrapServers, ObjectMapper mapper) {
        this.mapper = mapper;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bricklayer-benchmark-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(java.util.List.of(AuditTopics.API_CALLS));
        reader = new Thread(this::read, "audit-calls");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null || record.value() == null) {
                        continue;
                    }
                    String name = new String(type.value(), StandardCharsets.UTF_8);
                    JsonNode body = mapper.readTree(record.value());
                    if (name.contains("ApiCallStarted")) {
                        started.add(new Call(body.path("service").asText(), body.path("workspace").asText(),
                                Instant.parse(body.path("startedAt").asText()), 0));
                    } else if (name.contains("ApiCallCompleted")) {
                        completed.add(new Call(body.path("service").asText(), body.path("workspace").asText(),
                                Instant.parse(body.path("completedAt").asText()), body.path("status").asInt()));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            consumer.close();
        }
    }

    /** The calls to {@code workspaces} started within [{@code from}, {@code to}], once the records have arrived. */
    Window window(Instant from, Instant to, Set<String> workspaces) {
        BudgetBenchmark.sleep(Duration.ofSeconds(2)); // the last records on their way
        Map<String, Long> byService = new TreeMap<>();
        long total = 0;
        for (Call call : started) {
            if (workspaces.contains(call.workspace()) && !call.at().isBefore(from) && !call.at().isAfter(to)) {
                byService.merge(call.service(), 1L, Long::sum);
                total++;
            }
        }
        long throttled = completed.stream().filter(c -> c.status() == 429 && workspaces.contains(c.workspace())
                && !c.at().isBefore(from) && !c.at().isAfter(to)).count();
        return new Window(total, byService, throttled);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
