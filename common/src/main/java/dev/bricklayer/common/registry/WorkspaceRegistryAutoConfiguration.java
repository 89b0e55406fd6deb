package dev.bricklayer.common.registry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.WorkspaceTopics;

/** A {@link WorkspaceRegistry} for services that set {@code bricklayer.registry.enabled=true}. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnProperty(prefix = "bricklayer.registry", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(KafkaProperties.class)
public class WorkspaceRegistryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WorkspaceRegistry workspaceRegistry(KafkaProperties kafka, ObjectMapper mapper) {
        return new WorkspaceRegistry(kafka.buildConsumerProperties(null), WorkspaceTopics.STATE, mapper);
    }
}
