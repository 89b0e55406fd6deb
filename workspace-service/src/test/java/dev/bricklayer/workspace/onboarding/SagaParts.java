package dev.bricklayer.workspace.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/** The real parts the saga's tests run it over, without the application: its database, its publisher, what it published. */
final class SagaParts {

    private SagaParts() {
    }

    /** A store on a new embedded database migrated by the service's own Flyway scripts. */
    static WorkspaceStore store(String database) {
        String url = EmbeddedPostgres.newDatabase(database);
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        return new WorkspaceStore(new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "postgres")));
    }

    /** CloudEvents on the embedded broker, as workspace-service publishes them. */
    static CloudEventPublisher publisher(ObjectMapper mapper) {
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", EmbeddedKafka.bootstrapServers(), "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class)));
        return new CloudEventPublisher(kafka, mapper, "workspace-service");
    }

    /** The events keyed {@code key} on {@code topic} whose type is {@code type} (simple name; any when {@code null}), as JSON. */
    static List<JsonNode> events(ObjectMapper mapper, String topic, String key, String type) {
        return EmbeddedKafka.records(topic, 0, Duration.ofMillis(300)).stream()
                .filter(r -> key.equals(r.key()) && (type == null || new String(r.headers().lastHeader("ce_type").value(),
                        StandardCharsets.UTF_8).endsWith("." + type + ".v1")))
                .map(r -> {
                    try {
                        return mapper.readTree(r.value());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }
}
