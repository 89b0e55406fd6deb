package dev.bricklayer.common.http;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/** Turns every error response into an {@link ApiException}, so no caller handles raw error bodies. */
final class ErrorDecodingFilter implements ExchangeFilterFunction {

    private final ErrorDecoder decoder;

    ErrorDecodingFilter(ErrorDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return next.exchange(request).flatMap(response -> {
            if (!response.statusCode().isError()) {
                return Mono.just(response);
            }
            int status = response.statusCode().value();
            String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
            return response.bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .flatMap(body -> Mono.error(decoder.decode(status, retryAfter, body,
                            request.method().name(), request.url().getRawPath())));
        });
    }
}
