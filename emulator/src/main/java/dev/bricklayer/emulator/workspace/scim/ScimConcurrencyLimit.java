package dev.bricklayer.emulator.workspace.scim;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.WorkspaceFilter;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * SCIM serves at most {@code emulator.scim-concurrency} requests of a workspace at once; one more is answered
 * {@code emulator.scim-limit-status} (429 by default: [K] reference §3.0) with {@code REQUEST_LIMIT_EXCEEDED} and
 * {@code Retry-After: 1}.
 */
@Component
public class ScimConcurrencyLimit implements WorkspaceFilter {

    private final int limit;
    private final int status;

    public ScimConcurrencyLimit(EmulatorProperties properties) {
        this.limit = properties.scimConcurrency();
        this.status = properties.scimLimitStatus();
    }

    @Override
    public int getOrder() {
        return API_LIMITS;
    }

    static final class InFlight {
        final AtomicInteger count = new AtomicInteger();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith(ScimApi.BASE + "/")) {
            return chain.filter(exchange);
        }
        EmulatedWorkspace workspace = exchange.getAttribute(RequestContext.WORKSPACE);
        AtomicInteger inFlight = workspace.store(InFlight.class, InFlight::new).count;
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return Mono.error(EmulatorException.databricks(status, "REQUEST_LIMIT_EXCEEDED",
                    "Error in performing the request due to concurrent requests limit exceeded: at most " + limit
                            + " concurrent SCIM requests per workspace").header("Retry-After", "1"));
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }
}
