package dev.bricklayer.common.aad;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Provides an {@link AccessTokenSource} on MSAL4J when {@code bricklayer.aad.client-id} is set.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = AadProperties.PREFIX, name = "client-id")
@EnableConfigurationProperties(AadProperties.class)
public class AadAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AccessTokenSource.class)
    MsalAccessTokenSource accessTokenSource(AadProperties properties) {
        return new MsalAccessTokenSource(properties);
    }
}
