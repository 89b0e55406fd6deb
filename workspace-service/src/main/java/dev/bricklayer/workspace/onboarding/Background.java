package dev.bricklayer.workspace.onboarding;

import java.util.function.Consumer;

import dev.bricklayer.common.correlation.Correlation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** ARM and account work off the caller's thread. */
final class Background {

    private Background() {
    }

    /**
     * Runs {@code work} with the caller's correlation id and hands its end to {@code done} (or its error to {@code failed})
     * on a thread that may block (PostgreSQL, Kafka acknowledgements).
     */
    static <T> void run(Mono<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        String correlationId = Correlation.currentOrNew();
        work.contextWrite(context -> context.put(Correlation.MDC_KEY, correlationId))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.boundedElastic())
                .subscribe(outcome -> Correlation.run(correlationId, () -> done.accept(outcome)),
                        error -> Correlation.run(correlationId, () -> failed.accept(error)));
    }
}
