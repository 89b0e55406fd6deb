package dev.bricklayer.token;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.aad.AadProperties;
import dev.bricklayer.common.aad.MsalAccessTokenSource;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.EventPublishingAuditSink;
import dev.bricklayer.common.http.HttpStackProperties;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.emulator.EmulatorApplication;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;
import dev.bricklayer.testsupport.EmbeddedKafka;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The emulator started in-process, and the common HTTP stack pointed at it as token-service
 * configures it: MSAL4J against the emulator's Entra ID over HTTPS, audit records to the embedded KRaft broker.
 */
public final class EmulatedAzure implements AutoCloseable {

    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String CLIENT_ID = "6f1f4e8e-3a0c-4c39-9d5e-000000000001";
    public static final String CLIENT_SECRET = "local-emulator-secret-change-me";

    private static final String[] NOT_FOR_THE_EMULATOR = {
            "org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration",
            "org.springframework.cloud.stream.function.FunctionConfiguration",
            "dev.bricklayer.common.http.HttpStackAutoConfiguration",
            "dev.bricklayer.common.messaging.MessagingAutoConfiguration",
            "dev.bricklayer.common.aad.AadAutoConfiguration",
            "dev.bricklayer.common.registry.WorkspaceRegistryAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"};

    public final ConfigurableApplicationContext emulator;
    public final String base;
    public final String trustStore;
    public final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    public final MsalAccessTokenSource tokens;
    public final ApiClientFactory clients;

    public EmulatedAzure(Duration deploymentDuration, Map<String, String> extra) {
        String trustStorePath = "target/token-service-emulator-" + System.nanoTime() + ".p12";
        Map<String, Object> properties = new HashMap<>(Map.of("emulator.port", "0", "emulator.admin-port", "0",
                "emulator.deployment-duration", deploymentDuration.toMillis() + "ms",
                "emulator.trust-store-path", trustStorePath,
                "spring.autoconfigure.exclude", String.join(",", NOT_FOR_THE_EMULATOR)));
        properties.putAll(extra);
        emulator = EmulatorApplication.builder().properties(properties).run();
        base = emulator.getBean(EmulatorServers.class).mainBaseUrl();
        trustStore = emulator.getBean(EmulatorTls.class).trustStorePath().toString();

        Map<String, Object> aad = new HashMap<>(Map.of("bricklayer.aad.authority-host", base, "bricklayer.aad.tenant-id", TENANT,
                "bricklayer.aad.client-id", CLIENT_ID, "bricklayer.aad.client-secret", CLIENT_SECRET,
                "bricklayer.aad.trust-store.path", trustStore, "bricklayer.aad.trust-store.password", "changeit"));
        tokens = new MsalAccessTokenSource(new Binder(new MapConfigurationPropertySource(aad)).bindOrCreate("bricklayer.aad", AadProperties.class));
        Map<String, Object> http = Map.of("bricklayer.http.arm-base-url", base, "bricklayer.http.trust-store.path", trustStore,
                "bricklayer.http.trust-store.password", "changeit", "bricklayer.http.retry.initial-backoff", "100ms",
                "bricklayer.http.workspace-share", "8");
        HttpStackProperties stack = new Binder(new MapConfigurationPropertySource(http)).bindOrCreate("bricklayer.http", HttpStackProperties.class);
        KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", EmbeddedKafka.bootstrapServers(), "acks", "all",
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class)));
        clients = new ApiClientFactory(WebClient.builder(), stack, "token-service-test", tokens,
                new EventPublishingAuditSink(new CloudEventPublisher(kafka, mapper, "token-service-test")), new SimpleMeterRegistry(),
                mapper, RetryRegistry.ofDefaults(), RateLimiterRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
    }

    public <T> T bean(Class<T> type) {
        return emulator.getBean(type);
    }

    @Override
    public void close() {
        tokens.close();
        emulator.close();
    }
}
