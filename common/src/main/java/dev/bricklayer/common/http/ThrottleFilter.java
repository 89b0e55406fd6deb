package dev.bricklayer.common.http;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.bricklayer.common.http.budget.Budget;
import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.http.budget.CallPriority;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Holds each attempt until its budget allows it: a permit of the workspace's budget — or of ARM's reads or writes of
 * the subscription, or of the account host's reads, PATCHes or other writes (the account limits each on its own) — at
 * the call's {@link CallPriority} (the request's attribute, else the Reactor context's, else the configured default).
 * A 429 (or {@code REQUEST_LIMIT_EXCEEDED}) pauses and slows the budget for every caller of every service. SCIM's
 * concurrency slot and the account's window are taken later, next to the wire ({@link SlotFilter}).
 */
final class ThrottleFilter implements ExchangeFilterFunction {

    private static final Pattern SUBSCRIPTION = Pattern.compile("^/subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);

    private final Budgets budgets;
    private final String armHost;
    private final String accountHost;
    private final CallPriority defaultPriority;
    private final Duration defaultPause;
    private final HttpMetrics metrics;

    ThrottleFilter(Budgets budgets, String armHost, String accountHost, CallPriority defaultPriority, Duration defaultPause,
                   HttpMetrics metrics) {
        this.budgets = budgets;
        this.armHost = armHost;
        this.accountHost = accountHost;
        this.defaultPriority = defaultPriority;
        this.defaultPause = defaultPause;
        this.metrics = metrics;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> {
            CallPriority priority = priorityOf(request, context, defaultPriority);
            String hostKey = hostKey(request);
            Budget budget = budgetOf(request, hostKey);
            if (budget == null) {
                return next.exchange(request); // an account call whose rate is configured 0
            }
            return paced(request, next, budget, priority);
        });
    }

    private Mono<ClientResponse> paced(ClientRequest request, ExchangeFunction next, Budget budget, CallPriority priority) {
        return budget.acquire(priority)
                .doOnNext(waited -> metrics.limiterWait(request, waited, priority))
                .then(Mono.defer(() -> next.exchange(request)))
                .doOnError(ApiException.class, error -> {
                    if (error.isThrottled()) {
                        budget.throttled(error.retryAfter().orElse(defaultPause));
                        metrics.throttled(request);
                    }
                });
    }

    private Budget budgetOf(ClientRequest request, String hostKey) {
        if (hostKey.equals(accountHost)) {
            return budgets.account(hostKey, accountCall(request)).orElse(null);
        }
        if (!hostKey.equals(armHost)) {
            return budgets.workspace(hostKey);
        }
        Matcher subscription = SUBSCRIPTION.matcher(request.url().getRawPath());
        boolean write = !(request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
        return budgets.arm(subscription.find() ? subscription.group(1).toLowerCase(java.util.Locale.ROOT) : "-", write);
    }

    /** Which of the account's limits a call to the account host counts against. */
    static Budgets.AccountCall accountCall(ClientRequest request) {
        return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD ? Budgets.AccountCall.READ
                : request.method() == HttpMethod.PATCH ? Budgets.AccountCall.PATCH : Budgets.AccountCall.WRITE;
    }

    /** The class the caller named: the request's attribute, else the Reactor context's, else {@code fallback}. */
    static CallPriority priorityOf(ClientRequest request, ContextView context, CallPriority fallback) {
        return request.attribute(CallPriority.KEY).map(CallPriority.class::cast)
                .or(() -> context.getOrEmpty(CallPriority.KEY).map(CallPriority.class::cast))
                .orElse(fallback);
    }

    static String hostKey(ClientRequest request) {
        return request.url().getHost() + (request.url().getPort() > 0 ? ":" + request.url().getPort() : "");
    }
}
