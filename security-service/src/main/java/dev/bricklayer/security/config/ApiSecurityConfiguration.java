package dev.bricklayer.security.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.bricklayer.common.web.ApiSecurity;

/**
 * The REST API's roles: {@code Security.Read} (or {@code Security.Operate}) reads workspaces and drift,
 * {@code Security.Operate} triggers a reconcile. Tokens are checked by {@link ApiSecurity} ({@code bricklayer.api.*}).
 */
@Configuration
@EnableWebFluxSecurity
public class ApiSecurityConfiguration {

    static final String READ = "Security.Read";
    static final String OPERATE = "Security.Operate";

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return ApiSecurity.chain(http, decoder, exchanges -> exchanges
                .pathMatchers(HttpMethod.POST, "/api/v1/security/workspaces/*/reconcile").hasAuthority(OPERATE)
                .pathMatchers(HttpMethod.GET, "/api/v1/security/**").hasAnyAuthority(READ, OPERATE));
    }
}
