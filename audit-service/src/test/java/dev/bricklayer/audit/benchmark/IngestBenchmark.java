package dev.bricklayer.audit.benchmark;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.audit.AuditServiceApplication;
import dev.bricklayer.audit.ledger.AuditTrail;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * Not a test: prints how fast audit-service ingests. The service runs as it does in production (its batch binding
 * on a real KRaft broker, PostgreSQL, republishing on {@code bricklayer.audit.log}) while 100,000 calls (200,000
 * records, from 50 workspaces) are published as fast as one producer can; it prints records/s sealed, the
 * end-to-end lag of each call (its started record's time to its sealing, p50/p99/max, from the stored times) and how
 * long the log topic took to catch up. Run with {@code -Pbenchmark}.
 */
@Tag("benchmark")
class IngestBenchmark {

    @Test
    void ingest100kCalls() throws Exception {
        int calls = Integer.getInteger("benchmark.calls", 100_000);
        EmbeddedKafka.createTopics(AuditTopics.API_CALLS, AuditTopics.LOG);
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        String url = EmbeddedPostgres.newDatabase("audit_bench");
        // command-line arguments: they win over the service's application.yml, as in a deployment
        Map<String, String> settings = Map.of(
                "server.port", "0",
                "spring.kafka.bootstrap-servers", EmbeddedKafka.bootstrapServers(),
                "spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka.bootstrapServers(),
                "spring.datasource.url", url, "spring.datasource.username", "postgres", "spring.datasource.password", "postgres",
                // the API is not called here; the decoder fetches keys only on a first request
                "bricklayer.api.jwk-set-uri", "https://localhost:1/keys", "bricklayer.api.issuer", "https://sts.windows.net/t/",
                "bricklayer.api.audience", "api://benchmark",
                "logging.level.root", "WARN");
        String[] arguments = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(AuditServiceApplication.class).run(arguments)) {
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            AuditTrail trail = service.getBean(AuditTrail.class);

            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers(),
                    "linger.ms", 5, "batch.size", 262144, "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < calls; i++) {
                    String id = UUID.randomUUID().toString();
                    String workspace = "ws-" + (i % 50);
                    send(producer, workspace, "bricklayer.audit.ApiCallStarted.v1", mapper.writeValueAsBytes(new ApiCallStarted(id,
                            "identity-service", "client", "scim", workspace, "host", "GET", "/api/2.0/preview/scim/v2/Users/" + i,
                            "/api/2.0/preview/scim/v2/Users/{id}", 1, "corr", Instant.now())));
                    send(producer, workspace, "bricklayer.audit.ApiCallCompleted.v1", mapper.writeValueAsBytes(new ApiCallCompleted(id,
                            "identity-service", workspace, 200, "SUCCESS", null, 12, 1, "corr", Instant.now())));
                }
                producer.flush();
            }
            long published = System.nanoTime();
            long sealed;
            while ((sealed = jdbc.queryForObject("select count(*) from audit_records", Long.class)) < calls) {
                Thread.sleep(100);
            }
            long allSealed = System.nanoTime();
            long logged;
            while ((logged = jdbc.queryForObject("select sequence from log_cursor", Long.class)) < calls) {
                Thread.sleep(100);
            }
            long allLogged = System.nanoTime();
            Map<String, Object> lag = jdbc.queryForMap("select "
                    + "percentile_cont(0.5) within group (order by extract(epoch from sealed_at - started_at)) as p50, "
                    + "percentile_cont(0.99) within group (order by extract(epoch from sealed_at - started_at)) as p99, "
                    + "max(extract(epoch from sealed_at - started_at)) as max from audit_records");
            long verifyStart = System.nanoTime();
            AuditTrail.Verification verification = trail.verify();
            long verified = System.nanoTime();

            double publishSeconds = (published - start) / 1e9;
            double sealSeconds = (allSealed - start) / 1e9;
            System.out.printf("%nAUDIT INGEST BENCHMARK: %d calls = %d records, 50 workspaces, through the running service%n", calls, calls * 2);
            System.out.printf("  published by one producer in   %.1f s (%.0f records/s offered)%n", publishSeconds, calls * 2 / publishSeconds);
            System.out.printf("  all sealed into the chain in   %.1f s from the first record = %.0f records/s = %.0f calls/s%n",
                    sealSeconds, sealed * 2 / sealSeconds, sealed / sealSeconds);
            System.out.printf("  backlog after the last publish %.1f s; ingest kept %.0f %% of the offered rate%n",
                    (allSealed - published) / 1e9, 100 * publishSeconds / sealSeconds);
            System.out.printf("  end-to-end lag per call (started record -> sealed): p50 %.2f s, p99 %.2f s, max %.2f s%n",
                    ((Number) lag.get("p50")).doubleValue(), ((Number) lag.get("p99")).doubleValue(), ((Number) lag.get("max")).doubleValue());
            System.out.printf("  all %d sealed records republished on bricklayer.audit.log %.1f s after the last was sealed%n", logged,
                    (allLogged - allSealed) / 1e9);
            System.out.printf("  verify the whole chain: %.1f s (%d records, intact=%s)%n%n", (verified - verifyStart) / 1e9,
                    verification.records(), verification.intact());
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, String type, byte[] body) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(AuditTopics.API_CALLS, key, body);
        record.headers().add(new RecordHeader("ce_specversion", "1.0".getBytes()))
                .add(new RecordHeader("ce_id", UUID.randomUUID().toString().getBytes()))
                .add(new RecordHeader("ce_source", "/benchmark".getBytes()))
                .add(new RecordHeader("ce_type", type.getBytes()));
        producer.send(record);
    }
}
