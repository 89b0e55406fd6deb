package dev.bricklayer.common.registry;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.WorkspaceState;

/**
 * An in-memory view of every workspace's latest {@link WorkspaceState}: rebuilt at start by reading the
 * compacted state topic from the beginning (its partitions assigned directly — every instance reads all of it,
 * no consumer group), then kept current by going on reading. A tombstone removes the workspace.
 */
public class WorkspaceRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceRegistry.class);

    private final Map<String, Object> consumerProperties;
    private final String topic;
    private final ObjectMapper mapper;
    private final Map<String, WorkspaceState> workspaces = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread reader;
    private volatile boolean running;

    public WorkspaceRegistry(Map<String, Object> kafkaConsumerProperties, String topic, ObjectMapper mapper) {
        this.consumerProperties = new java.util.HashMap<>(kafkaConsumerProperties);
        this.consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "workspace-registry-" + UUID.randomUUID());
        this.consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.topic = topic;
        this.mapper = mapper;
    }

    public Optional<WorkspaceState> find(String workspaceName) {
        return Optional.ofNullable(workspaces.get(workspaceName));
    }

    public Collection<WorkspaceState> all() {
        return List.copyOf(workspaces.values());
    }

    /** Waits until the registry has read everything the topic held when it started; false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = new KafkaConsumer<>(consumerProperties);
        reader = new Thread(this::read, "workspace-registry");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    log.info("Workspace registry ready with {} workspaces", workspaces.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up
        } catch (RuntimeException e) {
            log.error("Workspace registry stopped reading {}: {}", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            workspaces.remove(record.key());
            return;
        }
        try {
            workspaces.put(record.key(), mapper.readValue(record.value(), WorkspaceState.class));
        } catch (Exception unreadable) {
            log.warn("Skipping unreadable workspace state for {} at offset {}: {}", record.key(), record.offset(),
                    unreadable.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
