package dev.bricklayer.emulator.server;

/**
 * A request budget of {@code limit} requests in any one second: the arrival times of the last second's admitted
 * requests, in a ring.
 */
public final class SlidingWindow {

    private static final long SECOND = 1_000_000_000L;

    private final long[] arrivals;
    private int next;
    private int size;

    public SlidingWindow(int limit) {
        this.arrivals = new long[limit];
    }

    /** 0 when a request arriving at {@code now} (nanoseconds) is admitted, else nanoseconds until a slot frees. */
    public synchronized long tryAcquire(long now) {
        if (size == arrivals.length) {
            long age = now - arrivals[next];
            if (age < SECOND) {
                return SECOND - age;
            }
            size--;
        }
        arrivals[next] = now;
        next = (next + 1) % arrivals.length;
        size++;
        return 0;
    }

    /** Whole seconds a client should wait for {@code waitNanos}, at least 1: a {@code Retry-After} value. */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
}
