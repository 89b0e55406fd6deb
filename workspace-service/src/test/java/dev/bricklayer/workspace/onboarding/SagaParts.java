package dev.bricklayer.workspace.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import javax.sql.DataSource;

import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/** The real parts the saga's tests run it over, without the application: its database, its publisher, what it published. */
final class SagaParts {

    private SagaParts() {
    }

    /** A new embedded database migrated by the service's own Flyway scripts. */
    static DataSource database(String database) {
        String url = EmbeddedPostgres.newDatabase(database);
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        return new DriverManagerDataSource(url, "postgres", "postgres");
    }

    /** A store on a new embedded database migrated by the service's own Flyway scripts. */
    static WorkspaceStore store(String database) {
        return new WorkspaceStore(new JdbcTemplate(database(database)));
    }

    /** The leases of one instance named {@code instance} on {@code database} (the service's {@code shedlock} table). */
    static Leases leases(DataSource database, String instance) {
        return new Leases(leaseStore(database), instance);
    }

    static LockProvider leaseStore(DataSource database) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(database)).withTableName("shedlock").usingDbTime().build());
    }

    /** The saga of one instance: its deployments follow under {@code leases} (held a minute unless kept). */
    static WorkspaceOnboarding onboarding(WorkspaceRequestValidator validator, WorkspaceProvisioner provisioner,
                                          MetastoreAssignment metastores, WorkspaceStore store, CloudEventPublisher publisher,
                                          ObjectMapper mapper, Leases leases) {
        WorkspaceAnnouncements announce = new WorkspaceAnnouncements(store, publisher, mapper);
        return new WorkspaceOnboarding(validator, provisioner,
                new Deployments(provisioner, metastores, store, announce, mapper, leases, Duration.ofMinutes(1)), store, announce, mapper);
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
