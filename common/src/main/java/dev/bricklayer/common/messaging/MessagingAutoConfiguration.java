package dev.bricklayer.common.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.schema.EventSchemaValidator;

/**
 * The {@link EventPublisher} of every service (CloudEvents over Kafka, acknowledged by all in-sync replicas), the
 * schema validator of events from outside, and {@link EventRouting} for the consumer bindings.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(EventPublisher.class)
    public EventPublisher eventPublisher(KafkaProperties kafka, ObjectMapper mapper, Environment environment) {
        Map<String, Object> producer = kafka.buildProducerProperties(null);
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
        return new CloudEventPublisher(template, mapper, environment.getProperty("spring.application.name", "bricklayer"));
    }

    @Bean
    @ConditionalOnMissingBean(EventSchemaValidator.class)
    public EventSchemaValidator eventSchemaValidator(ObjectMapper mapper) {
        return new EventSchemaValidator(mapper);
    }

    /** The clock every service decides time with; tests put a movable one in its place. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** Which HR event about a person counts ({@code bricklayer.hr.max-clock-skew}, default 5 minutes). */
    @Bean
    @ConditionalOnMissingBean(HrEventOrder.class)
    public HrEventOrder hrEventOrder(Clock clock, Environment environment) {
        return new HrEventOrder(clock, environment.getProperty("bricklayer.hr.max-clock-skew", Duration.class, Duration.ofMinutes(5)));
    }

    @Bean
    @ConditionalOnMissingBean(EventRouting.class)
    public EventRouting eventRouting(ObjectMapper mapper, EventSchemaValidator schemas, EventPublisher publisher, Environment environment) {
        return new EventRouting(mapper, schemas, publisher, environment);
    }
}
