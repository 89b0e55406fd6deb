package dev.bricklayer.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void aRecordRoundTripsThroughTheKraftBroker() throws Exception {
        EmbeddedKafka.createTopics("test-support.roundtrip");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                EmbeddedKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("test-support.roundtrip", "key-1", "hello".getBytes(StandardCharsets.UTF_8))).get();
        }

        List<ConsumerRecord<String, byte[]>> records = EmbeddedKafka.records("test-support.roundtrip", 1, Duration.ofSeconds(10));

        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("key-1");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void theBrokerRunsInKraftModeAndMakesCompactedTopics() throws Exception {
        EmbeddedKafka.createCompactedTopic("test-support.compacted");
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "test-support.compacted");
            String policy = admin.describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
            // a KRaft cluster has a quorum controller; a ZooKeeper one answers no metadata quorum
            assertThat(admin.describeMetadataQuorum().quorumInfo().get().leaderId()).isNotNegative();
        }
    }
}
