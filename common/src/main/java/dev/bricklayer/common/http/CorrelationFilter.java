package dev.bricklayer.common.http;

import java.util.UUID;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.bricklayer.common.correlation.Correlation;
import reactor.core.publisher.Mono;

/**
 * Gives every call the correlation id of the work that caused it: the one captured on the calling thread
 * when the request was built, else the one in the Reactor context, else a new one. Sends it as
 * {@value Correlation#HEADER}, and to ARM also as {@code x-ms-correlation-request-id} when it is a GUID.
 */
final class CorrelationFilter implements ExchangeFilterFunction {

    private final boolean arm;

    CorrelationFilter(boolean arm) {
        this.arm = arm;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> {
            String id = RequestAttributes.string(request, RequestAttributes.CORRELATION_ID)
                    .or(() -> context.getOrEmpty(Correlation.MDC_KEY).map(Object::toString))
                    .orElseGet(() -> UUID.randomUUID().toString());
            ClientRequest correlated = ClientRequest.from(request)
                    .attribute(RequestAttributes.CORRELATION_ID, id)
                    .headers(headers -> {
                        headers.set(Correlation.HEADER, id);
                        if (arm && isGuid(id)) {
                            headers.set("x-ms-correlation-request-id", id);
                        }
                    })
                    .build();
            return next.exchange(correlated);
        });
    }

    private static boolean isGuid(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException notGuid) {
            return false;
        }
    }
}
