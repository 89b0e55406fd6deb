package dev.bricklayer.common.http.budget;

import java.time.Duration;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * This instance's callers waiting for one budget (or one workspace's SCIM slots), highest class first and in order
 * of arrival within a class. One taker at a time asks the store for a permit for the caller at the head — so an
 * instance sends the store one command at a time per budget however many callers wait — and hands it over; when the
 * store says wait, the taker sleeps that long (on a timer, no thread held). A store command that fails (PostgreSQL
 * unreachable) is tried again after {@code storeRetry}, doubling to 2 s: callers wait, they are never let through
 * unpaced, and one still waiting after {@code maxWait} fails with {@link BudgetUnavailableException} naming the
 * store's last error.
 */
final class WaitingLine<T> {

    /** What the line asks the store for. Runs on the store's scheduler. */
    interface Source<T> {

        /** A permit for a caller of {@code priority}, or how long to wait before asking again. */
        Outcome<T> take(CallPriority priority);

        /** A permit taken for a caller that gave up meanwhile. */
        void giveBack(T permit);
    }

    /** Either a permit or a pause in nanoseconds. */
    record Outcome<T>(T permit, long waitNanos) {

        static <T> Outcome<T> granted(T permit) {
            return new Outcome<>(permit, 0);
        }

        static <T> Outcome<T> waitFor(long nanos) {
            return new Outcome<>(null, Math.max(nanos, 1_000_000));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WaitingLine.class);
    private static final int IDLE = 0;
    private static final int TAKING = 1;
    private static final int SLEEPING = 2;
    private static final long MAX_STORE_RETRY_NANOS = 2_000_000_000L;

    private final String name;
    private final Source<T> source;
    private final Scheduler store;
    private final Duration maxWait;
    private final long storeRetryNanos;
    private final PriorityBlockingQueue<Waiter<T>> waiters = new PriorityBlockingQueue<>();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicLong sequence = new AtomicLong();
    private volatile CallPriority sleepingFor;
    private volatile long storeBackoffNanos;
    private volatile RuntimeException storeError;

    WaitingLine(String name, Source<T> source, Scheduler store, Duration maxWait, Duration storeRetry) {
        this.name = name;
        this.source = source;
        this.store = store;
        this.maxWait = maxWait;
        this.storeRetryNanos = storeRetry.toNanos();
    }

    /** A permit for a caller of {@code priority}, once the store gives one; emits it without blocking a thread. */
    Mono<T> acquire(CallPriority priority) {
        return Mono.<T>create(sink -> {
            Waiter<T> waiter = new Waiter<>(priority, sequence.incrementAndGet(), sink);
            sink.onCancel(waiter::cancel);
            waiters.add(waiter);
            CallPriority sleeping = sleepingFor;
            // a caller of a higher class than the one the taker sleeps for need not wait out a lower class's pause
            wake(sleeping != null && priority.compareTo(sleeping) < 0);
        }).timeout(maxWait, Mono.defer(() -> Mono.error(new BudgetUnavailableException(name, maxWait, storeError))));
    }

    /** Asks the store at once (a permit was given back here, or a caller of a higher class came). */
    void wake(boolean evenIfSleeping) {
        if (state.compareAndSet(IDLE, TAKING) || (evenIfSleeping && state.compareAndSet(SLEEPING, TAKING))) {
            store.schedule(this::take);
        }
    }

    /** Callers waiting now. */
    int waiting() {
        return (int) waiters.stream().filter(waiter -> !waiter.done.get()).count();
    }

    private void take() {
        try {
            for (Waiter<T> head = head(); head != null; head = head()) {
                Outcome<T> outcome = source.take(head.priority);
                storeRecovered();
                if (outcome.permit() == null) {
                    sleep(outcome.waitNanos(), head.priority);
                    return;
                }
                handOver(outcome.permit());
            }
        } catch (RuntimeException e) {
            storeFailed(e);
            sleep(storeBackoffNanos, null);
            return;
        }
        state.set(IDLE);
        if (head() != null) {
            wake(false);
        }
    }

    /** Gives the permit to the first caller still waiting (of the head's class or a higher one), else back to the store. */
    private void handOver(T permit) {
        for (Waiter<T> next = waiters.poll(); next != null; next = waiters.poll()) {
            if (next.grant(permit)) {
                return;
            }
        }
        source.giveBack(permit);
    }

    private Waiter<T> head() {
        Waiter<T> head = waiters.peek();
        while (head != null && head.done.get()) {
            Waiter<T> removed = waiters.poll();
            if (removed != null && !removed.done.get()) {
                waiters.add(removed); // a caller that came meanwhile went first
            }
            head = waiters.peek();
        }
        return head;
    }

    private void sleep(long nanos, CallPriority priority) {
        sleepingFor = priority;
        state.set(SLEEPING);
        Schedulers.parallel().schedule(() -> {
            if (state.compareAndSet(SLEEPING, TAKING)) {
                sleepingFor = null;
                store.schedule(this::take);
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void storeFailed(RuntimeException e) {
        boolean first = storeError == null;
        storeError = e;
        storeBackoffNanos = first ? storeRetryNanos : Math.min(storeBackoffNanos * 2, MAX_STORE_RETRY_NANOS);
        if (first) {
            log.warn("Budget {}: the budget store failed ({}); {} callers wait and it is tried again", name, e.toString(), waiting());
        }
    }

    private void storeRecovered() {
        if (storeError != null) {
            log.info("Budget {}: the budget store answers again", name);
            storeError = null;
        }
    }

    private static final class Waiter<T> implements Comparable<Waiter<T>> {
        private final CallPriority priority;
        private final long sequence;
        private final MonoSink<T> sink;
        private final AtomicBoolean done = new AtomicBoolean();

        Waiter(CallPriority priority, long sequence, MonoSink<T> sink) {
            this.priority = priority;
            this.sequence = sequence;
            this.sink = sink;
        }

        boolean grant(T permit) {
            if (done.compareAndSet(false, true)) {
                sink.success(permit);
                return true;
            }
            return false;
        }

        void cancel() {
            done.set(true);
        }

        @Override
        public int compareTo(Waiter<T> other) {
            int byPriority = priority.compareTo(other.priority);
            return byPriority != 0 ? byPriority : Long.compare(sequence, other.sequence);
        }
    }
}
