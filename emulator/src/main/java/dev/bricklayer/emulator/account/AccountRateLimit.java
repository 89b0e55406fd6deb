package dev.bricklayer.emulator.account;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.AccountFilter;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.SlidingWindow;
import reactor.core.publisher.Mono;

/**
 * An account's own request budgets, each for any one second (reference §7.6, [K]: a secondary aggregation of the
 * "Resource limits" page): account SCIM GET of one resource 20, lists 240, PATCH 2, POST/PUT/DELETE 5; every other
 * account API {@code emulator.accounts.other-per-second} (no number is published). Beyond one: 429
 * {@code REQUEST_LIMIT_EXCEEDED} with {@code Retry-After}.
 */
@Component
class AccountRateLimit implements AccountFilter {

    enum Budget { SCIM_GET, SCIM_LIST, SCIM_PATCH, SCIM_WRITE, OTHER }

    /** The windows of one account. */
    static final class Windows {
        final Map<Budget, SlidingWindow> byBudget = new ConcurrentHashMap<>();
    }

    private final EmulatorProperties.Accounts settings;

    AccountRateLimit(EmulatorProperties properties) {
        this.settings = properties.accounts();
    }

    @Override
    public int getOrder() {
        return RATE_LIMIT;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        AccountCall call = exchange.getAttribute(AccountCall.ATTRIBUTE);
        if (call == null) {
            return chain.filter(exchange);
        }
        Budget budget = budget(exchange.getRequest().getMethod(), exchange.getRequest().getPath().value());
        int limit = limit(budget);
        SlidingWindow window = call.account().store(Windows.class, Windows::new).byBudget
                .computeIfAbsent(budget, b -> new SlidingWindow(limit));
        long waitNanos = window.tryAcquire(System.nanoTime());
        if (waitNanos > 0) {
            return Mono.error(EmulatorException.databricks(429, "REQUEST_LIMIT_EXCEEDED", "Account " + call.account().id()
                    + " exceeded the limit of " + limit + " requests per second for this API")
                    .header("Retry-After", String.valueOf(SlidingWindow.retryAfterSeconds(waitNanos))));
        }
        return chain.filter(exchange);
    }

    static Budget budget(HttpMethod method, String path) {
        int scim = path.indexOf("/scim/v2/");
        if (scim < 0) {
            return Budget.OTHER;
        }
        if (HttpMethod.GET.equals(method)) {
            return path.substring(scim + "/scim/v2/".length()).contains("/") ? Budget.SCIM_GET : Budget.SCIM_LIST;
        }
        return HttpMethod.PATCH.equals(method) ? Budget.SCIM_PATCH : Budget.SCIM_WRITE;
    }

    private int limit(Budget budget) {
        return switch (budget) {
            case SCIM_GET -> settings.scimGetPerSecond();
            case SCIM_LIST -> settings.scimListPerSecond();
            case SCIM_PATCH -> settings.scimPatchPerSecond();
            case SCIM_WRITE -> settings.scimWritePerSecond();
            case OTHER -> settings.otherPerSecond();
        };
    }
}
