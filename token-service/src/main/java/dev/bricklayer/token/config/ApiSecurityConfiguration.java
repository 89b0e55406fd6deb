package dev.bricklayer.token.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.bricklayer.common.web.ApiSecurity;

/**
 * The REST API's roles: {@code Tokens.Operate} starts sweeps; {@code Tokens.Read} (or Operate) reads violations,
 * inventories and sweeps. Tokens are checked by {@link ApiSecurity} ({@code bricklayer.api.*}).
 */
@Configuration
@EnableWebFluxSecurity
public class ApiSecurityConfiguration {

    static final String OPERATE = "Tokens.Operate";
    static final String READ = "Tokens.Read";

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return ApiSecurity.chain(http, decoder, exchanges -> exchanges
                .pathMatchers(HttpMethod.POST, "/api/v1/tokens/sweeps").hasAuthority(OPERATE)
                .pathMatchers(HttpMethod.GET, "/api/v1/tokens/**").hasAnyAuthority(OPERATE, READ));
    }
}
