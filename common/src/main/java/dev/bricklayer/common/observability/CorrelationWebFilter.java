package dev.bricklayer.common.observability;

import java.util.UUID;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.common.correlation.Correlation;
import reactor.core.publisher.Mono;

/**
 * Gives every inbound REST request a correlation id — the caller's {@value Correlation#HEADER}, or a new one —
 * echoed in the response and put in the Reactor context, where the outbound HTTP stack and event publishing
 * find it.
 */
public class CorrelationWebFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(Correlation.HEADER);
        String id = given != null && !given.isBlank() && given.length() <= 128 ? given : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(Correlation.HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(Correlation.MDC_KEY, id));
    }
}
