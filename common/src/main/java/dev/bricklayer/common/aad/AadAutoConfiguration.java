package dev.bricklayer.common.aad;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.bricklayer.common.http.AuditSink;

/**
 * Provides an {@link AccessTokenSource} on MSAL4J when {@code bricklayer.aad.client-id} is set. Where the service
 * has an {@link AuditSink} (it publishes events), MSAL4J's own calls to Entra ID are audited like every other call.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = AadProperties.PREFIX, name = "client-id")
@EnableConfigurationProperties(AadProperties.class)
public class AadAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AccessTokenSource.class)
    MsalAccessTokenSource accessTokenSource(AadProperties properties, ObjectProvider<AuditSink> audit, Environment environment) {
        AuditSink sink = audit.getIfAvailable();
        return sink == null ? new MsalAccessTokenSource(properties)
                : new MsalAccessTokenSource(properties, sink, environment.getProperty("spring.application.name", "bricklayer"));
    }
}
