package dev.bricklayer.audit.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.audit.ledger.AuditLedger;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * Not a test: prints how fast the ledger seals calls. 100,000 calls (200,000 records) are published to a real KRaft
 * broker, read back in batches of up to 1000 as the service's batch binding does, and sealed into the chain in
 * PostgreSQL; it prints records/s and the lag from the last record's publication to its call being sealed.
 * Run with {@code -Pbenchmark}.
 */
@Tag("benchmark")
class IngestBenchmark {

    @Test
    void ingest100kCalls() throws Exception {
        int calls = Integer.getInteger("benchmark.calls", 100_000);
        String topic = "benchmark.audit.api-calls." + UUID.randomUUID();
        EmbeddedKafka.createTopics(topic);
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        String url = EmbeddedPostgres.newDatabase("audit_bench");
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
        AuditLedger ledger = new AuditLedger(new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)), mapper);

        long publishStart = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers(),
                "linger.ms", 5, "batch.size", 262144), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < calls; i++) {
                String id = UUID.randomUUID().toString();
                String workspace = "ws-" + (i % 50);
                send(producer, topic, workspace, "bricklayer.audit.ApiCallStarted.v1", mapper.writeValueAsBytes(new ApiCallStarted(id,
                        "identity-service", "client", "scim", workspace, "host", "GET", "/api/2.0/preview/scim/v2/Users/" + i,
                        "/api/2.0/preview/scim/v2/Users/{id}", 1, "corr", Instant.now())));
                send(producer, topic, workspace, "bricklayer.audit.ApiCallCompleted.v1", mapper.writeValueAsBytes(new ApiCallCompleted(id,
                        "identity-service", workspace, 200, "SUCCESS", null, 12, 1, "corr", Instant.now())));
            }
            producer.flush();
        }
        long published = System.nanoTime();

        long sealed = 0;
        long ingestStart = System.nanoTime();
        try (var consumer = EmbeddedKafka.rawConsumer(topic)) {
            while (sealed < calls) {
                List<Object> batch = new ArrayList<>();
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    String type = new String(record.headers().lastHeader("ce_type").value());
                    batch.add(type.endsWith("ApiCallStarted.v1") ? mapper.readValue(record.value(), ApiCallStarted.class)
                            : mapper.readValue(record.value(), ApiCallCompleted.class));
                }
                if (!batch.isEmpty()) {
                    sealed += ledger.ingest(batch).size();
                }
            }
        }
        long done = System.nanoTime();
        AuditLedger.Verification verification = ledger.verify();
        long verified = System.nanoTime();

        double ingestSeconds = (done - ingestStart) / 1e9;
        System.out.printf("%nAUDIT INGEST BENCHMARK (%d calls = %d records, batches as polled, up to 500 records each)%n", calls, calls * 2);
        System.out.printf("  publish to Kafka:            %.1f s%n", (published - publishStart) / 1e9);
        System.out.printf("  consume + seal into chain:   %.1f s = %.0f records/s = %.0f calls/s%n", ingestSeconds, calls * 2 / ingestSeconds,
                calls / ingestSeconds);
        System.out.printf("  backlog drained: last record published -> its call sealed: %.1f s%n", (done - published) / 1e9);
        System.out.printf("  verify the whole chain:      %.1f s (%d records, intact=%s)%n%n", (verified - done) / 1e9,
                verification.records(), verification.intact());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, String type, byte[] body) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body);
        record.headers().add(new RecordHeader("ce_type", type.getBytes()));
        producer.send(record);
    }
}
