package dev.bricklayer.emulator.workspace;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.SlidingWindow;
import dev.bricklayer.emulator.server.WorkspaceFilter;
import reactor.core.publisher.Mono;

/**
 * The per-workspace request budget: at most {@code emulator.workspace-requests-per-second} requests in any
 * one second (a sliding window over arrival times); beyond it 429 {@code REQUEST_LIMIT_EXCEEDED} with
 * {@code Retry-After} (whole seconds until the window frees a slot, at least 1).
 */
@Component
public class WorkspaceRateLimit implements WorkspaceFilter {

    private final int limit;

    public WorkspaceRateLimit(EmulatorProperties properties) {
        this.limit = properties.workspaceRequestsPerSecond();
    }

    @Override
    public int getOrder() {
        return RATE_LIMIT;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        EmulatedWorkspace workspace = exchange.getAttribute(RequestContext.WORKSPACE);
        SlidingWindow window = workspace.store(SlidingWindow.class, () -> new SlidingWindow(limit));
        long waitNanos = window.tryAcquire(System.nanoTime());
        if (waitNanos > 0) {
            long seconds = SlidingWindow.retryAfterSeconds(waitNanos);
            return Mono.error(EmulatorException.databricks(429, "REQUEST_LIMIT_EXCEEDED",
                            "Workspace " + workspace.workspaceId() + " exceeded the limit of " + limit + " requests per second")
                    .header("Retry-After", String.valueOf(seconds)));
        }
        return chain.filter(exchange);
    }
}
