package dev.bricklayer.common.observability;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Correlation ids for inbound REST requests of reactive services. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public CorrelationWebFilter correlationWebFilter() {
        return new CorrelationWebFilter();
    }
}
