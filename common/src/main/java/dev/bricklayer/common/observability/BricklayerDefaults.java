package dev.bricklayer.common.observability;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Bricklayer service shares, added with the lowest precedence (any service's own
 * configuration wins): actuator health, info and Prometheus endpoints, liveness and readiness probes, and the
 * correlation id in every log line; dead-letter topics on for every consumer binding (each names its topic with
 * {@code spring.cloud.stream.kafka.bindings.<binding>.consumer.dlq-name}); consumer bindings hand the record's bytes to
 * the function unconverted (native decoding), so that what {@code EventRoutes} reads, refuses and dead-letters is
 * exactly what the producer sent (Spring Cloud Function's conversion turns a JSON array body into no bytes).
 */
public class BricklayerDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "management.endpoints.web.exposure.include", "health,info,prometheus",
            "management.endpoint.health.probes.enabled", "true",
            "management.health.livenessstate.enabled", "true",
            "management.health.readinessstate.enabled", "true",
            "logging.pattern.level", "%5p [%X{correlationId:-}]",
            "spring.cloud.stream.kafka.default.consumer.enable-dlq", "true",
            "spring.cloud.stream.default.consumer.use-native-decoding", "true");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("bricklayerDefaults", DEFAULTS));
    }
}
