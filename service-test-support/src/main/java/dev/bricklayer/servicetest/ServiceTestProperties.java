package dev.bricklayer.servicetest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * The settings that point a service under test at the embedded Kafka broker, its PostgreSQL database and the emulator:
 * one place for what every service's application test used to repeat. A test adds its own service's settings (and
 * any shorter timings) after them.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     azure = EmulatedAzure.start(EmulatedAzure.options().deploymentDuration(Duration.ofMillis(200)));
 *     ServiceTestProperties.register(registry, azure, EmbeddedPostgres.newDatabase("my_app"));
 *     registry.add("bricklayer.my-service.poll-interval", () -> "300ms");
 * }
 * }</pre>
 */
public final class ServiceTestProperties {

    /** The embedded PostgreSQL server's user and password. */
    public static final String DATABASE_USER = "postgres";
    public static final String DATABASE_PASSWORD = "postgres";

    private ServiceTestProperties() {
    }

    /**
     * A service that calls Azure as the platform's app: Kafka (Spring Kafka and the Cloud Stream binder), its database,
     * Entra ID and ARM at the emulator ({@link EmulatedAzure#platformSettings()}), the emulator's certificate trusted
     * ({@link EmulatedAzure#trustSettings()}), and its REST API accepting the emulator's tokens
     * ({@link EmulatedAzure#apiSettings()}).
     */
    public static Map<String, String> of(EmulatedAzure azure, String jdbcUrl) {
        Map<String, String> properties = infrastructure(jdbcUrl);
        properties.putAll(azure.platformSettings());
        properties.putAll(azure.trustSettings());
        properties.putAll(azure.apiSettings());
        return properties;
    }

    /**
     * A service that serves its REST API but calls no Azure API (audit-service): as {@link #of} without the
     * platform's sign-in and ARM.
     */
    public static Map<String, String> withoutAzureCalls(EmulatedAzure azure, String jdbcUrl) {
        Map<String, String> properties = infrastructure(jdbcUrl);
        properties.putAll(azure.trustSettings());
        properties.putAll(azure.apiSettings());
        return properties;
    }

    /** {@link #of} into a Spring test's {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry, EmulatedAzure azure, String jdbcUrl) {
        register(registry, of(azure, jdbcUrl));
    }

    /** {@link #withoutAzureCalls} into a Spring test's {@code @DynamicPropertySource}. */
    public static void registerWithoutAzureCalls(DynamicPropertyRegistry registry, EmulatedAzure azure, String jdbcUrl) {
        register(registry, withoutAzureCalls(azure, jdbcUrl));
    }

    private static void register(DynamicPropertyRegistry registry, Map<String, String> properties) {
        properties.forEach((key, value) -> registry.add(key, () -> value));
    }

    private static Map<String, String> infrastructure(String jdbcUrl) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", EmbeddedKafka.bootstrapServers());
        properties.put("spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka.bootstrapServers());
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", DATABASE_USER);
        properties.put("spring.datasource.password", DATABASE_PASSWORD);
        return properties;
    }
}
