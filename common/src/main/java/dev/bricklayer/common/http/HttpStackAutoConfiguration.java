package dev.bricklayer.common.http;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.zaxxer.hikari.HikariDataSource;

import dev.bricklayer.common.http.budget.BudgetSchema;
import dev.bricklayer.common.http.budget.BudgetSettings;
import dev.bricklayer.common.http.budget.BudgetStore;
import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.tls.TlsProperties;
import dev.bricklayer.common.tls.TrustBundles;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
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
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@EnableConfigurationProperties({HttpStackProperties.class, TlsProperties.class})
public class HttpStackAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EventPublisher.class)
    public AuditSink auditSink(EventPublisher publisher) {
        return new EventPublishingAuditSink(publisher);
    }

    /**
     * The budgets every call is made under: with {@code bricklayer.http.budget.store=postgres} (the default) in the
     * schema {@code bricklayer.http.budget.schema} of the service's database ({@code spring.datasource.*}), through a
     * small pool of its own, migrated here; with {@code local} in this instance's memory.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(AuditSink.class)
    public Budgets budgets(HttpStackProperties properties, ObjectProvider<DataSourceProperties> dataSource, ObjectProvider<Clock> clock) {
        BudgetSettings settings = properties.budget();
        if (settings.store() == BudgetSettings.Store.LOCAL) {
            return new Budgets(properties, BudgetStore.local(), clock.getIfAvailable(Clock::systemUTC));
        }
        DataSourceProperties database = dataSource.getIfAvailable();
        if (database == null || database.getUrl() == null) {
            throw new IllegalStateException("bricklayer.http.budget.store=postgres needs spring.datasource.url: the workspaces' budgets "
                    + "are kept in the database every service shares (or set bricklayer.http.budget.store=local for this instance alone)");
        }
        HikariDataSource pool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("bricklayer-budget");
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(Math.max(250, settings.storeTimeout().toMillis()));
        pool.setIdleTimeout(java.time.Duration.ofSeconds(30).toMillis());
        pool.setConnectionInitSql(null);
        BudgetSchema.migrate(pool, settings.schema());
        return new Budgets(properties, BudgetStore.postgres(pool, settings.schema(), settings.poolSize() + 2),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(AuditSink.class)
    public ApiClientFactory apiClientFactory(ObjectProvider<WebClient.Builder> builder, HttpStackProperties properties,
                                             Environment environment, ObjectProvider<AccessTokenSource> tokens,
                                             AuditSink audit, ObjectProvider<MeterRegistry> meters, ObjectMapper mapper,
                                             TlsProperties tls, SslBundles bundles, Budgets budgets) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        RetryRegistry retries = RetryRegistry.ofDefaults();
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        String service = environment.getProperty("spring.application.name", "bricklayer");
        return new ApiClientFactory(builder.getIfAvailable(WebClient::builder), properties, service,
                tokens.getIfAvailable(), audit, registry, mapper, retries, budgets,
                TrustBundles.of(tls, bundles).orElse(null));
    }
}
