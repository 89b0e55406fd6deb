package dev.bricklayer.common.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import dev.bricklayer.common.http.ApiClientFactory;

/**
 * The token decoder of a service that serves a REST API ({@link ApiSecurity}): on when Spring Security's resource
 * server is on the class path of a reactive web application; {@code bricklayer.api.*} is then required.
 */
@AutoConfiguration(afterName = "dev.bricklayer.common.http.HttpStackAutoConfiguration",
        beforeName = "org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(ReactiveJwtDecoder.class)
@ConditionalOnBean(ApiClientFactory.class)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ReactiveJwtDecoder apiJwtDecoder(ApiSecurityProperties properties, ApiClientFactory clients) {
        return ApiSecurity.decoder(properties, clients);
    }
}
