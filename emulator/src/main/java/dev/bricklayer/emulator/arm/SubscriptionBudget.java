package dev.bricklayer.emulator.arm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.server.EmulatorException;

/**
 * ARM's throttling per subscription (reference §2.1): 12,000 reads and 1,200 writes an hour, counted down in
 * {@code x-ms-ratelimit-remaining-subscription-reads} / {@code -writes}; beyond them 429 {@code TooManyRequests} with
 * {@code Retry-After} (the seconds until the hour is over). The hour starts with a subscription's first request.
 */
@Component
class SubscriptionBudget {

    static final int READS_PER_HOUR = 12_000;
    static final int WRITES_PER_HOUR = 1_200;
    private static final Duration WINDOW = Duration.ofHours(1);

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    SubscriptionBudget(Clock clock) {
        this.clock = clock;
    }

    /** One hour's counters. */
    private static final class Window {
        final AtomicInteger reads = new AtomicInteger(READS_PER_HOUR);
        final AtomicInteger writes = new AtomicInteger(WRITES_PER_HOUR);
        final Instant endsAt;

        Window(Instant start) {
            this.endsAt = start.plus(WINDOW);
        }
    }

    /** Takes a read or a write; the header (name and value) that says how many are left. */
    Map.Entry<String, String> take(String subscriptionId, boolean write) {
        Instant now = clock.instant();
        Window window = windows.compute(subscriptionId.toLowerCase(Locale.ROOT),
                (k, current) -> current == null || now.isAfter(current.endsAt) ? new Window(now) : current);
        int remaining = (write ? window.writes : window.reads).decrementAndGet();
        if (remaining < 0) {
            long retryAfter = Math.max(1, Duration.between(now, window.endsAt).toSeconds());
            throw EmulatorException.arm(429, "TooManyRequests", "Number of " + (write ? "write" : "read")
                    + " requests for subscription '" + subscriptionId + "' exceeded the limit of '"
                    + (write ? WRITES_PER_HOUR : READS_PER_HOUR) + "' for time interval '01:00:00'. Please try again after '"
                    + retryAfter + "' seconds.").header("Retry-After", String.valueOf(retryAfter));
        }
        return Map.entry(write ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads",
                String.valueOf(remaining));
    }
}
