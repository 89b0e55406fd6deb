package dev.bricklayer.servicetest;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.aad.AadProperties;
import dev.bricklayer.common.aad.MsalAccessTokenSource;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.EventPublishingAuditSink;
import dev.bricklayer.common.http.HttpStackProperties;
import dev.bricklayer.common.http.budget.BudgetStore;
import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.testsupport.EmbeddedKafka;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The common HTTP stack as a named service builds it, pointed at the emulator, for tests that drive a service's
 * classes without the whole application; keeps what it handed out (token sources, Kafka producers) to close them.
 */
final class ServiceClients implements AutoCloseable {

    private final Map<String, String> platformSettings;
    private final SslBundle trust;
    private final ObjectMapper mapper;
    private final Deque<AutoCloseable> handedOut = new ArrayDeque<>();

    ServiceClients(Map<String, String> platformSettings, SslBundle trust, ObjectMapper mapper) {
        this.platformSettings = platformSettings;
        this.trust = trust;
        this.mapper = mapper;
    }

    ApiClientFactory apiClients(String service, Map<String, String> httpSettings) {
        httpSettings.keySet().stream().filter(key -> !key.startsWith("bricklayer.http.")).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException("not a bricklayer.http.* setting: " + key);
        });
        Map<String, String> settings = new HashMap<>(platformSettings);
        settings.put("bricklayer.http.retry.initial-backoff", "100ms");
        settings.putAll(httpSettings);
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        MsalAccessTokenSource tokens = new MsalAccessTokenSource(binder.bindOrCreate("bricklayer.aad", AadProperties.class),
                trust.createSslContext());
        handedOut.push(tokens);
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", EmbeddedKafka.bootstrapServers(), "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class));
        handedOut.push(producers::destroy);
        // its budgets in its own memory: a test gives it a bricklayer.http.budget.share below 1 when the service under
        // test calls the same workspaces meanwhile
        HttpStackProperties http = binder.bindOrCreate("bricklayer.http", HttpStackProperties.class);
        return new ApiClientFactory(WebClient.builder(), http, service,
                tokens, new EventPublishingAuditSink(new CloudEventPublisher(new KafkaTemplate<>(producers), mapper, service)),
                new SimpleMeterRegistry(), mapper, RetryRegistry.ofDefaults(), new Budgets(http, BudgetStore.local(), Clock.systemUTC()), trust);
    }

    @Override
    public void close() {
        while (!handedOut.isEmpty()) {
            try {
                handedOut.pop().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
