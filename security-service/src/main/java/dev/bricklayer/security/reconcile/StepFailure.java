package dev.bricklayer.security.reconcile;

import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.security.reconcile.PassOutcome.Failure;
import reactor.core.Exceptions;

/** A read or write of a pass that failed, with the step it belongs to. */
final class StepFailure extends RuntimeException {

    final Failure failure;

    StepFailure(Failure failure) {
        super(failure.message(), null, false, false);
        this.failure = failure;
    }

    /** A failed call of {@code step} as the failure event tells it: the API's code and own message, or the transport error. */
    static StepFailure of(String step, Throwable error) {
        Throwable cause = Exceptions.unwrap(error);
        if (cause instanceof ApiException api) {
            String code = api.errorCode() != null ? api.errorCode() : "HTTP_" + api.status();
            String message = api.serverMessage() != null && !api.serverMessage().isBlank() ? api.serverMessage() : api.getMessage();
            return new StepFailure(new Failure(step, code, message, api.isRetryable() || api.status() >= 500));
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new StepFailure(new Failure(step, "UNAVAILABLE", message, true));
    }
}
