package dev.bricklayer.workspace.config;

import java.util.Collection;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.bricklayer.common.http.ApiClientFactory;

/** Bearer tokens with app roles guard the REST API; health, metrics and the OpenAPI document are open. */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

    static final String REQUEST = "Workspace.Request";
    static final String READ = "Workspace.Read";

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/workspaces/plan").hasAnyAuthority(REQUEST, READ)
                        .pathMatchers(HttpMethod.POST, "/api/v1/workspaces").hasAuthority(REQUEST)
                        .pathMatchers(HttpMethod.DELETE, "/api/v1/workspaces/**").hasAuthority(REQUEST)
                        .pathMatchers(HttpMethod.GET, "/api/v1/workspaces/**", "/api/v1/workspaces").hasAnyAuthority(REQUEST, READ)
                        .anyExchange().authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtDecoder(decoder)
                        .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(SecurityConfiguration::roles))))
                .build();
    }

    /** The token's {@code roles} (Entra ID app roles) become the caller's authorities. */
    static AbstractAuthenticationToken roles(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        Collection<GrantedAuthority> authorities = roles == null ? List.of()
                : roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role)).toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getClaimAsString("appid") != null ? jwt.getClaimAsString("appid") : jwt.getSubject());
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(ApiSecurityProperties properties, ApiClientFactory clients) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .webClient(clients.plainBuilder().build()).build();
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not for " + properties.audience(), null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()), audience));
        return decoder;
    }
}
