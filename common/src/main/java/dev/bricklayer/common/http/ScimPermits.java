package dev.bricklayer.common.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.bulkhead.Bulkhead;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The SCIM concurrency limit of one workspace: a Resilience4j bulkhead with a queue in front of it, so a
 * request waits (without blocking a thread) for a free slot instead of failing when the bulkhead is full.
 */
final class ScimPermits {

    private final Bulkhead bulkhead;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    ScimPermits(Bulkhead bulkhead) {
        this.bulkhead = bulkhead;
    }

    /** Emits once a slot is held; the caller must {@link #release()} it exactly once. */
    Mono<Void> acquire() {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(sink);
            sink.onCancel(waiter::cancel);
            waiters.add(waiter);
            drain();
        });
    }

    void release() {
        bulkhead.onComplete();
        drain();
    }

    int inFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    private void drain() {
        while (!waiters.isEmpty() && bulkhead.tryAcquirePermission()) {
            Waiter next = waiters.poll();
            if (next == null || !next.grant()) {
                bulkhead.releasePermission();
            }
        }
    }

    private static final class Waiter {
        private final MonoSink<Void> sink;
        private final AtomicBoolean done = new AtomicBoolean();

        Waiter(MonoSink<Void> sink) {
            this.sink = sink;
        }

        boolean grant() {
            if (done.compareAndSet(false, true)) {
                sink.success();
                return true;
            }
            return false;
        }

        void cancel() {
            done.set(true);
        }
    }
}
