package dev.bricklayer.common.http;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.http.budget.CallPriority;
import reactor.core.publisher.Mono;

/**
 * Holds a SCIM call until one of the workspace's SCIM slots is free (shared by every service and instance,
 * {@link dev.bricklayer.common.http.budget.ScimSlots}), and frees it when the answer is in. It sits next to the wire,
 * after the permit and the write-ahead audit record: a slot is held only while the call is at the workspace, never
 * while waiting for a permit (where a lower class would keep a slot from people's calls) or for Kafka.
 */
final class ScimSlotFilter implements ExchangeFilterFunction {

    private final Budgets budgets;
    private final CallPriority defaultPriority;

    ScimSlotFilter(Budgets budgets, CallPriority defaultPriority) {
        this.budgets = budgets;
        this.defaultPriority = defaultPriority;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (!ApiSurface.of(request.url().getRawPath()).concurrencyLimited()) {
            return next.exchange(request);
        }
        return Mono.deferContextual(context -> Mono.usingWhen(
                budgets.scim(ThrottleFilter.hostKey(request)).acquire(ThrottleFilter.priorityOf(request, context, defaultPriority)),
                slot -> next.exchange(request),
                slot -> Mono.fromRunnable(slot::release)));
    }
}
