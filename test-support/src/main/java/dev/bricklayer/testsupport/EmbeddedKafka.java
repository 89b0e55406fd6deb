package dev.bricklayer.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Apache Kafka broker in KRaft mode (no ZooKeeper) per test JVM, started on first use and stopped
 * when the JVM exits. Tests share it and keep apart by topic names.
 */
public final class EmbeddedKafka {

    private static EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka() {
    }

    /** The broker, started if needed. */
    public static synchronized EmbeddedKafkaKraftBroker broker() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
            broker = started;
        }
        return broker;
    }

    /**
     * A broker of the caller's own (not the shared one) listening on {@code port}, 0 for any free port; the caller
     * destroys it.
     */
    public static EmbeddedKafkaKraftBroker start(int port) {
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "auto.create.topics.enable", "true",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        if (port > 0) {
            // the test kit only sets its own listeners (any free port) when none are given
            properties.put("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        started.brokerProperties(properties);
        started.afterPropertiesSet();
        return started;
    }

    /** {@code host:port} of the broker, for {@code spring.kafka.bootstrap-servers}. */
    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    /** Creates topics with one partition; existing ones are left as they are. */
    public static void createTopics(String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        create(topics);
    }

    /** Creates a compacted topic (like {@code bricklayer.workspace.state}). */
    public static void createCompactedTopic(String name) {
        create(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of(
                "cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.01"))));
    }

    private static void create(List<NewTopic> topics) {
        create(bootstrapServers(), topics);
    }

    /** Creates {@code topics} on the broker at {@code bootstrapServers}; existing ones are left as they are. */
    public static void create(String bootstrapServers, List<NewTopic> topics) {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic.name(), e.getCause());
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw new IllegalStateException("Cannot create topic " + topic.name(), e);
                }
            }
        }
    }

    /** A consumer of raw records (string keys, byte values) reading from the start of {@code topic}. */
    public static KafkaConsumer<String, byte[]> rawConsumer(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Every record in {@code topic} from the start up to (at least) the end it had when called, waiting up to
     * {@code timeout} for at least {@code atLeast} of them.
     */
    public static List<ConsumerRecord<String, byte[]>> records(String topic, int atLeast, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = rawConsumer(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                boolean caughtUp = end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                if (caughtUp && records.size() >= atLeast) {
                    break;
                }
            }
        }
        return records;
    }
}
