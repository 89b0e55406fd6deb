package dev.bricklayer.common.http.budget;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.javacrumbs.shedlock.core.SimpleLock;
import reactor.core.publisher.Mono;

/**
 * A workspace's SCIM concurrency limit across every service and instance: {@code scim-concurrency} slots, each a
 * ShedLock lease ({@code scim:<host>:<n>} in the budget store, on the database's clock) held while one SCIM call is
 * in flight and released when it completes. A lease outlives the longest call ({@code response-timeout} and a
 * margin), so the slot of an instance that died mid-call comes free by itself. Callers of this instance wait in a
 * {@link WaitingLine}, highest class first; a slot released here is handed on at once, one released elsewhere is
 * seen at the next look ({@code scim-slot-poll}).
 */
public final class ScimSlots {

    private static final Logger log = LoggerFactory.getLogger(ScimSlots.class);

    private final String prefix;
    private final int slots;
    private final Duration leaseFor;
    private final long pollNanos;
    private final BudgetStore store;
    private final Set<Integer> heldHere = ConcurrentHashMap.newKeySet();
    private final WaitingLine<Slot> line;

    ScimSlots(String hostKey, int slots, Duration leaseFor, Duration poll, BudgetStore store, Duration maxWait, Duration storeRetry) {
        this.prefix = "scim:" + hostKey + ":";
        this.slots = slots;
        this.leaseFor = leaseFor;
        this.pollNanos = poll.toNanos();
        this.store = store;
        this.line = new WaitingLine<>(prefix + "*", new Source(), store.scheduler(), maxWait, storeRetry);
    }

    /** Emits a slot once one is free; it must be {@link Slot#release() released} exactly once. */
    public Mono<Slot> acquire(CallPriority priority) {
        return line.acquire(priority);
    }

    /** SCIM calls of this instance in flight to the workspace. */
    public int inFlightHere() {
        return heldHere.size();
    }

    /** One held slot. */
    public final class Slot {
        private final int index;
        private final SimpleLock lease;

        private Slot(int index, SimpleLock lease) {
            this.index = index;
            this.lease = lease;
        }

        /** Frees the slot (in the store's scheduler) and hands it to a caller of this instance waiting for one. */
        public void release() {
            store.scheduler().schedule(() -> {
                try {
                    lease.unlock();
                } catch (RuntimeException e) {
                    log.info("SCIM slot {}{} not released ({}); its lease expires by itself", prefix, index, e.toString());
                } finally {
                    heldHere.remove(index);
                    line.wake(true);
                }
            });
        }
    }

    private final class Source implements WaitingLine.Source<Slot> {

        @Override
        public WaitingLine.Outcome<Slot> take(CallPriority priority) {
            return store.leaseOne(prefix, slots, heldHere::contains, leaseFor, Duration.ZERO).map(leased -> {
                heldHere.add(leased.index());
                return WaitingLine.Outcome.granted(new Slot(leased.index(), leased.lock()));
            }).orElseGet(() -> WaitingLine.Outcome.waitFor(pollNanos));
        }

        @Override
        public void giveBack(Slot slot) {
            slot.release();
        }
    }
}
