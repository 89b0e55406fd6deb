package dev.bricklayer.workspace.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.bricklayer.common.web.ApiSecurity;

/**
 * The REST API's roles: {@code Workspace.Request} to submit and decommission, {@code Workspace.Read} (or Request)
 * to read and plan. Tokens are checked by {@link ApiSecurity} ({@code bricklayer.api.*}).
 */
@Configuration
@EnableWebFluxSecurity
public class ApiSecurityConfiguration {

    static final String REQUEST = "Workspace.Request";
    static final String READ = "Workspace.Read";

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return ApiSecurity.chain(http, decoder, exchanges -> exchanges
                .pathMatchers(HttpMethod.POST, "/api/v1/workspaces/plan").hasAnyAuthority(REQUEST, READ)
                .pathMatchers(HttpMethod.POST, "/api/v1/workspaces").hasAuthority(REQUEST)
                .pathMatchers(HttpMethod.DELETE, "/api/v1/workspaces/**").hasAuthority(REQUEST)
                .pathMatchers(HttpMethod.GET, "/api/v1/workspaces/**", "/api/v1/workspaces").hasAnyAuthority(REQUEST, READ));
    }
}
