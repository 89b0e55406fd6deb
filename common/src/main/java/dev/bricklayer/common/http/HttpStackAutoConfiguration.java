package dev.bricklayer.common.http;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.aad.AccessTokenSource;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.tls.TlsProperties;
import dev.bricklayer.common.tls.TrustBundles;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The outbound HTTP stack of every service: an {@link ApiClientFactory} whose calls are audited write-ahead
 * through the service's {@link EventPublisher}. Without a publisher there is no factory: no call may leave
 * unaudited.
 */
@AutoConfiguration(afterName = {
        "dev.bricklayer.common.aad.AadAutoConfiguration",
        "dev.bricklayer.common.messaging.MessagingAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration"})
@EnableConfigurationProperties({HttpStackProperties.class, TlsProperties.class})
public class HttpStackAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EventPublisher.class)
    public AuditSink auditSink(EventPublisher publisher) {
        return new EventPublishingAuditSink(publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(AuditSink.class)
    public ApiClientFactory apiClientFactory(ObjectProvider<WebClient.Builder> builder, HttpStackProperties properties,
                                             Environment environment, ObjectProvider<AccessTokenSource> tokens,
                                             AuditSink audit, ObjectProvider<MeterRegistry> meters, ObjectMapper mapper,
                                             TlsProperties tls, SslBundles bundles) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        RetryRegistry retries = RetryRegistry.ofDefaults();
        RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
        String service = environment.getProperty("spring.application.name", "bricklayer");
        return new ApiClientFactory(builder.getIfAvailable(WebClient::builder), properties, service,
                tokens.getIfAvailable(), audit, registry, mapper, retries, rateLimiters, bulkheads,
                TrustBundles.of(tls, bundles).orElse(null));
    }
}
