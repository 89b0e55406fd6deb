package dev.bricklayer.common.http.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.VerboseResult;
import reactor.core.publisher.Mono;

/**
 * One budget — a workspace's requests per second, or an ARM subscription's reads or writes per hour — as this
 * instance sees it: a token bucket in the {@link BudgetStore} that every service and instance takes permits from,
 * and this instance's {@link WaitingLine} of callers.
 *
 * <p><b>Priorities, work-conserving.</b> A request costs {@value #UNIT} tokens. A lifecycle call takes a permit
 * whenever the bucket holds one; an onboarding or background call only while the bucket holds more than its class's
 * reserve after taking it (one command: take, and give back when the bucket fell below the reserve). A class alone
 * still gets the whole rate; under contention a higher class finds the tokens first. <b>Minimum.</b> An instance may
 * take {@code minimum-per-second} permits at the lifecycle's priority whatever its calls' class (an in-memory bucket
 * of this instance), so no service starves. <b>429.</b> The workspace refused: every caller of it pauses — the bucket
 * is put in debt for {@code Retry-After} — and then runs at {@code throttle-slowdown} of its rate for
 * {@code throttle-cooldown}: the slowed configuration is the bucket's own (Bucket4j stores it with the tokens), its
 * end written in the bandwidth's id, and whoever sees it expired puts the normal one back.
 */
public final class Budget {

    /** Tokens per request: budgets are kept in thousandths of a request, so bursts and reserves may be fractions. */
    public static final long UNIT = 1000;

    private static final Logger log = LoggerFactory.getLogger(Budget.class);
    private static final String NORMAL = "normal";
    private static final String SLOWED = "slowed-until:";

    private final String key;
    private final BudgetStore store;
    private final BucketConfiguration normal;
    private final double slowdown;
    private final Duration cooldown;
    private final long[] reserves;
    private final Bucket minimum;
    private final Clock clock;
    private final WaitingLine<Boolean> line;
    private final AtomicLong pausedUntil = new AtomicLong();
    private volatile BucketConfiguration seen;

    /**
     * @param normal   the bucket's configuration when nobody was refused: one bandwidth
     * @param reserves tokens each class leaves in the bucket, by {@link CallPriority} ordinal
     * @param minimum  this instance's minimum (in memory), or {@code null}
     */
    Budget(String key, BudgetStore store, BucketConfiguration normal, double slowdown, Duration cooldown, long[] reserves,
           Bucket minimum, Clock clock, Duration maxWait, Duration storeRetry) {
        this.key = key;
        this.store = store;
        this.normal = normal;
        this.slowdown = slowdown;
        this.cooldown = cooldown;
        this.reserves = reserves.clone();
        this.minimum = minimum;
        this.clock = clock;
        this.seen = normal;
        this.line = new WaitingLine<>(key, new Source(), store.scheduler(), maxWait, storeRetry);
    }

    /** A bucket's configuration: {@code capacity} tokens, refilled greedily with {@code refill} tokens per {@code period}. */
    static BucketConfiguration configuration(long capacity, long refill, Duration period, String id) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, period).id(id))
                .build();
    }

    static BucketConfiguration normal(long capacity, long refill, Duration period) {
        return configuration(capacity, refill, period, NORMAL);
    }

    public String key() {
        return key;
    }

    /** Waits (without blocking) for a permit for a call of {@code priority}; emits how long it waited. */
    public Mono<Duration> acquire(CallPriority priority) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return line.acquire(priority).map(granted -> Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /**
     * The workspace answered 429: pause every caller of it for {@code retryAfter} (or {@code default}) and slow the
     * budget down for the cool-down. A 429 that another caller of this instance reported for the same pause is not
     * counted again.
     */
    public void throttled(Duration retryAfter) {
        long now = clock.millis();
        long until = now + retryAfter.toMillis();
        if (pausedUntil.getAndAccumulate(until, Math::max) >= until) {
            return;
        }
        store.scheduler().schedule(() -> {
            try {
                Bucket bucket = bucket();
                Bandwidth rate = normal.getBandwidths()[0];
                BucketConfiguration slowed = configuration(rate.getCapacity(), Math.max(1, (long) (rate.getRefillTokens() * slowdown)),
                        Duration.ofNanos(rate.getRefillPeriodNanos()), SLOWED + (until + cooldown.toMillis()));
                bucket.replaceConfiguration(slowed, TokensInheritanceStrategy.AS_IS);
                // the bucket's debt: what it holds now and what the slowed rate refills in the pause
                bucket.consumeIgnoringRateLimits(rate.getCapacity() + (long) (retryAfter.toNanos() / nanosPerToken(slowed)));
                seen = slowed;
            } catch (RuntimeException e) {
                log.warn("Budget {}: the 429's pause could not be recorded in the budget store ({})", key, e.toString());
            }
        });
    }

    /** Whether the budget runs slowed after a 429, as last seen here. */
    public boolean isSlowed() {
        return slowedUntil(seen) > clock.millis();
    }

    /** Requests per second the budget allows now, as last seen here. */
    public double currentRate() {
        return 1_000_000_000d / nanosPerToken(seen) / UNIT;
    }

    /** Callers of this instance waiting for a permit. */
    public int waiting() {
        return line.waiting();
    }

    private Bucket bucket() {
        return store.bucket(key, () -> normal);
    }

    private static double nanosPerToken(BucketConfiguration configuration) {
        Bandwidth bandwidth = configuration.getBandwidths()[0];
        return (double) bandwidth.getRefillPeriodNanos() / bandwidth.getRefillTokens();
    }

    private static long slowedUntil(BucketConfiguration configuration) {
        String id = configuration.getBandwidths()[0].getId();
        return id != null && id.startsWith(SLOWED) ? Long.parseLong(id.substring(SLOWED.length())) : 0;
    }

    /** The configuration the store holds: the normal one back after a cool-down, or after the settings changed. */
    private void observe(Bucket bucket, BucketConfiguration stored) {
        long slowedUntil = slowedUntil(stored);
        boolean expired = slowedUntil > 0 && slowedUntil <= clock.millis();
        boolean changed = slowedUntil == 0 && !stored.equals(normal);
        if (expired || changed) {
            bucket.replaceConfiguration(normal, TokensInheritanceStrategy.AS_IS);
            stored = normal;
        }
        seen = stored;
    }

    private final class Source implements WaitingLine.Source<Boolean> {

        @Override
        public WaitingLine.Outcome<Boolean> take(CallPriority priority) {
            boolean elevated = priority != CallPriority.LIFECYCLE && minimum != null && minimum.tryConsume(UNIT);
            long reserve = elevated ? 0 : reserves[priority.ordinal()];
            Bucket bucket = bucket();
            VerboseResult<ConsumptionProbe> result;
            try {
                result = bucket.asVerbose().tryConsumeAndReturnRemaining(UNIT);
            } catch (RuntimeException e) {
                if (elevated) {
                    minimum.addTokens(UNIT);
                }
                throw e;
            }
            observe(bucket, result.getConfiguration());
            ConsumptionProbe probe = result.getValue();
            if (probe.isConsumed() && probe.getRemainingTokens() >= reserve) {
                return WaitingLine.Outcome.granted(Boolean.TRUE);
            }
            if (elevated) {
                minimum.addTokens(UNIT);
            }
            double nanosPerToken = nanosPerToken(result.getConfiguration());
            if (probe.isConsumed()) { // below this class's reserve: the permit goes back
                bucket.addTokens(UNIT);
                return WaitingLine.Outcome.waitFor((long) ((reserve - probe.getRemainingTokens()) * nanosPerToken));
            }
            return WaitingLine.Outcome.waitFor(probe.getNanosToWaitForRefill() + (long) (reserve * nanosPerToken));
        }

        @Override
        public void giveBack(Boolean permit) {
            bucket().addTokens(UNIT);
        }
    }
}
