package dev.bricklayer.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for secret values where none may be: client secrets (the emulator's local test secrets stand in for real
 * ones), Entra ID bearer tokens (JWTs) and Databricks PATs ({@code dapi} and 32 hex digits), in text and in every
 * record (key, headers and body) of every topic of a broker.
 */
final class SecretScan {

    /** A secret found: where, and which kind (never the value itself). */
    record Finding(String where, String kind) {
    }

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    private static final Pattern PAT = Pattern.compile("dapi[0-9a-f]{32}");

    private final List<String> clientSecrets;
    private final List<Finding> findings = new ArrayList<>();

    SecretScan(List<String> clientSecrets) {
        this.clientSecrets = List.copyOf(clientSecrets);
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** Scans one text, e.g. a log file. */
    SecretScan text(String where, String text) {
        for (String secret : clientSecrets) {
            if (text.contains(secret)) {
                findings.add(new Finding(where, "client secret"));
            }
        }
        find(where, text, JWT, "bearer token (JWT)");
        find(where, text, PAT, "personal access token");
        return this;
    }

    SecretScan file(Path file) throws IOException {
        return text(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    /** Scans every record of every topic on the broker; answers how many records were read. */
    int topics(String bootstrapServers) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics().names().get();
        }
        int read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String where = record.topic() + "@" + record.partition() + ":" + record.offset();
                    StringBuilder text = new StringBuilder();
                    if (record.key() != null) {
                        text.append(new String(record.key(), StandardCharsets.UTF_8)).append('\n');
                    }
                    for (Header header : record.headers()) {
                        text.append(header.key()).append('=').append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8))
                                .append('\n');
                    }
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.UTF_8));
                    }
                    text(where, text.toString());
                    read++;
                }
            }
        }
        return read;
    }

    private void find(String where, String text, Pattern pattern, String kind) {
        Matcher matcher = pattern.matcher(text);
        if (matcher.find()) {
            findings.add(new Finding(where, kind));
        }
    }
}
