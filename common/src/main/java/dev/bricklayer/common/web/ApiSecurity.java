package dev.bricklayer.common.web;

import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.Customizer;
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

/**
 * The REST APIs of every service take Entra ID bearer tokens with app roles: no token (or a bad one) is 401, a
 * token without the endpoint's role is 403, both with {@code WWW-Authenticate} (RFC 6750) and a problem body
 * ({@link ApiProblems}). Health, info, metrics and the OpenAPI document stay open.
 */
public final class ApiSecurity {

    /** Paths anyone may call: probes, metrics and the API documents. */
    public static final String[] OPEN_PATHS = {"/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**"};

    private ApiSecurity() {
    }

    /**
     * The filter chain of a service's API: {@link #OPEN_PATHS} open, {@code rules} for the service's own endpoints,
     * anything else needs at least a valid token.
     */
    public static SecurityWebFilterChain chain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
                                               Customizer<ServerHttpSecurity.AuthorizeExchangeSpec> rules) {
        SecurityProblems problems = new SecurityProblems();
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(OPEN_PATHS).permitAll();
                    rules.customize(exchanges);
                    exchanges.anyExchange().authenticated();
                })
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(server -> server.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(ApiSecurity::roles))))
                .build();
    }

    /** The token's {@code roles} (Entra ID app roles) become the caller's authorities; its name is the client id. */
    public static AbstractAuthenticationToken roles(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        Collection<GrantedAuthority> authorities = roles == null ? List.of()
                : roles.stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role)).toList();
        String name = jwt.getClaimAsString("appid") != null ? jwt.getClaimAsString("appid") : jwt.getSubject();
        return new JwtAuthenticationToken(jwt, authorities, name);
    }

    /**
     * Checks signature (the tenant's keys, fetched with the HTTP stack's TLS trust), expiry, issuer and audience.
     */
    public static ReactiveJwtDecoder decoder(ApiSecurityProperties properties, ApiClientFactory clients) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                .webClient(clients.plainBuilder().build()).build();
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not for " + properties.audience(), null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()), audience));
        return decoder;
    }
}
