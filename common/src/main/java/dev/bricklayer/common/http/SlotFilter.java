package dev.bricklayer.common.http;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.http.budget.CallPriority;
import reactor.core.publisher.Mono;

/**
 * What a call takes next to the wire, after its permit and its write-ahead audit record, shared by every service and
 * instance: a SCIM call one of the workspace's SCIM slots ({@link dev.bricklayer.common.http.budget.ScimSlots}), freed
 * when the answer is in — held only while the call is at the workspace, never while waiting for a permit (where a
 * lower class would keep a slot from people's calls) or for Kafka; an account PATCH or other write a send of the
 * account's window for that kind ({@link dev.bricklayer.common.http.budget.SendWindow}) — taken as late as possible,
 * so that what delays a request on its way to the account is as short as it can be.
 */
final class SlotFilter implements ExchangeFilterFunction {

    private final Budgets budgets;
    private final String accountHost;
    private final CallPriority defaultPriority;

    SlotFilter(Budgets budgets, String accountHost, CallPriority defaultPriority) {
        this.budgets = budgets;
        this.accountHost = accountHost;
        this.defaultPriority = defaultPriority;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String hostKey = ThrottleFilter.hostKey(request);
        if (hostKey.equals(accountHost)) {
            return budgets.accountWindow(hostKey, ThrottleFilter.accountCall(request))
                    .map(window -> Mono.deferContextual(context -> window.acquire(ThrottleFilter.priorityOf(request, context, defaultPriority)))
                            .then(Mono.defer(() -> next.exchange(request))))
                    .orElseGet(() -> next.exchange(request));
        }
        if (!ApiSurface.of(request.url().getRawPath()).concurrencyLimited()) {
            return next.exchange(request);
        }
        return Mono.deferContextual(context -> Mono.usingWhen(
                budgets.scim(hostKey).acquire(ThrottleFilter.priorityOf(request, context, defaultPriority)),
                slot -> next.exchange(request),
                slot -> Mono.fromRunnable(slot::release)));
    }
}
