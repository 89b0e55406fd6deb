package dev.bricklayer.common.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.access.server.BearerTokenServerAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.Secrets;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 answers of the REST APIs with a problem body ({@link ApiProblems}) as well as the headers RFC 6750
 * asks for: Spring Security's bearer-token entry point and access-denied handler set the status and
 * {@code WWW-Authenticate} ({@code Bearer}, with {@code error="invalid_token"} or {@code "insufficient_scope"} and its
 * description), then the body says the same for a person. Each refusal is one WARN line; no token is ever in it.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final ObjectMapper JSON = new ObjectMapper().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private final BearerTokenServerAuthenticationEntryPoint bearer = new BearerTokenServerAuthenticationEntryPoint();
    private final BearerTokenServerAccessDeniedHandler denied = new BearerTokenServerAccessDeniedHandler();

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        String detail = exchange.getRequest().getHeaders().containsKey("Authorization")
                ? "The bearer token was refused: " + Secrets.redact(e.getMessage())
                : "This API needs a bearer token from Entra ID for the Bricklayer API (Authorization: Bearer …)";
        return bearer.commence(headersOnly(exchange), e).then(Mono.defer(() -> write(exchange, detail)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException e) {
        return denied.handle(headersOnly(exchange), e).then(Mono.defer(() -> write(exchange,
                "The token has none of the app roles this call needs")));
    }

    /** The exchange with a response that takes status and headers but is not completed by the delegate. */
    private static ServerWebExchange headersOnly(ServerWebExchange exchange) {
        ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                return Mono.empty();
            }
        };
        return exchange.mutate().response(response).build();
    }

    private static Mono<Void> write(ServerWebExchange exchange, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode status = response.getStatusCode() != null ? response.getStatusCode() : HttpStatus.UNAUTHORIZED;
        ProblemDetail problem = ApiProblems.answer(ApiProblems.of(status, detail, List.of()), exchange, null);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
