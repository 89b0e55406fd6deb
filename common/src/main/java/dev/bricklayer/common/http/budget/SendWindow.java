package dev.bricklayer.common.http.budget;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * A limit of "at most {@code n} requests in any one second", as the account API sets one per kind of call (reference
 * §7.6), kept exactly across every service and instance: {@code n} sends, each a ShedLock lease
 * ({@code window:<host>:<kind>:<i>} in the budget store, on the database's clock) taken as a request goes on the wire
 * and never released — it lapses a second and {@code margin} later, so that the next request to use it cannot reach
 * the account within the same second however the two were delayed on the way. A token bucket spaces requests
 * ({@code 1/rate} apart, so a person joining two groups waits for the second PATCH); a window lets {@code n} go at
 * once when the last second saw none, and never more. Callers of this instance wait in a {@link WaitingLine},
 * highest class first, and look again every {@code poll}.
 */
public final class SendWindow {

    private final String prefix;
    private final int sends;
    private final Duration lapse;
    private final long pollNanos;
    private final BudgetStore store;
    private final WaitingLine<Boolean> line;

    SendWindow(String name, int sends, Duration margin, Duration poll, BudgetStore store, Duration maxWait, Duration storeRetry) {
        this.prefix = "window:" + name + ":";
        this.sends = sends;
        this.lapse = Duration.ofSeconds(1).plus(margin);
        this.pollNanos = poll.toNanos();
        this.store = store;
        this.line = new WaitingLine<>(prefix + "*", new Source(), store.scheduler(), maxWait, storeRetry);
    }

    /** Emits once a send of the window is free, and holds it for the next second and the margin. */
    public Mono<Boolean> acquire(CallPriority priority) {
        return line.acquire(priority);
    }

    /** Requests this window lets through in any one second. */
    public int sends() {
        return sends;
    }

    private final class Source implements WaitingLine.Source<Boolean> {

        @Override
        public WaitingLine.Outcome<Boolean> take(CallPriority priority) {
            // never unlocked: the lease lapses by itself
            return store.leaseOne(prefix, sends, index -> false, lapse, lapse).isPresent() ? WaitingLine.Outcome.granted(Boolean.TRUE)
                    : WaitingLine.Outcome.waitFor(pollNanos);
        }

        @Override
        public void giveBack(Boolean send) {
            // a send taken for a caller that gave up stays taken: the window only ever errs on the side of fewer
        }
    }
}
