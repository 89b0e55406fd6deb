package dev.bricklayer.common.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import reactor.core.publisher.Mono;

/**
 * The pace of calls from this service to one host. Requests are spaced evenly at the host's rate by a
 * Resilience4j rate limiter (one permit per period), without blocking a thread: the permit is reserved and
 * the request delayed. After a 429 the host is paused for its {@code Retry-After} and then runs at a slower
 * rate for a cool-down, so that the budget every service shares recovers instead of meeting a retry storm.
 */
public final class HostThrottle {

    private final String host;
    private final double rate;
    private final RateLimiter normal;
    private final RateLimiter slowed;
    private final Duration cooldown;
    private final Duration defaultPause;
    // nanoTime values are compared by difference only (they may be negative and wrap)
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong slowedUntilNanos = new AtomicLong(System.nanoTime());

    /**
     * @param rate requests per second; 0 or less = no pacing (429s are still honoured)
     */
    HostThrottle(String name, String host, double rate, double headroom, double slowdown, Duration cooldown,
                 Duration defaultPause, Duration maxWait, RateLimiterRegistry registry) {
        this.host = host;
        this.rate = rate;
        this.cooldown = cooldown;
        this.defaultPause = defaultPause;
        if (rate > 0) {
            this.normal = registry.rateLimiter(name, config(rate, headroom, maxWait));
            this.slowed = registry.rateLimiter(name + ":slowed", config(rate * slowdown, headroom, maxWait));
        } else {
            this.normal = null;
            this.slowed = null;
        }
    }

    private static RateLimiterConfig config(double rate, double headroom, Duration maxWait) {
        long periodNanos = (long) Math.ceil(1_000_000_000d * (1 + headroom) / rate);
        return RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(maxWait)
                .build();
    }

    public String host() {
        return host;
    }

    /** The configured rate in requests per second (0 = unpaced). */
    public double rate() {
        return rate;
    }

    /** The rate now in force: slower during the cool-down after a 429. */
    public double currentRate() {
        return isSlowed() ? rate * slowedFactor() : rate;
    }

    private double slowedFactor() {
        if (normal == null) {
            return 1;
        }
        double normalPeriod = normal.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        double slowedPeriod = slowed.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        return normalPeriod / slowedPeriod;
    }

    public boolean isSlowed() {
        return System.nanoTime() - slowedUntilNanos.get() < 0;
    }

    /** Waits (without blocking) until this host may be called; emits how long it waited. */
    public Mono<Duration> acquire() {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            long pause = pausedUntilNanos.get() - start;
            Mono<Long> paused = pause > 0 ? Mono.delay(Duration.ofNanos(pause)) : Mono.just(0L);
            return paused.then(Mono.defer(this::reserve)).then(Mono.fromSupplier(() -> Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    private Mono<Long> reserve() {
        if (normal == null) {
            return Mono.just(0L);
        }
        RateLimiter limiter = isSlowed() ? slowed : normal;
        long waitNanos = limiter.reservePermission();
        if (waitNanos < 0) {
            return Mono.error(RequestNotPermitted.createRequestNotPermitted(limiter));
        }
        return waitNanos == 0 ? Mono.just(0L) : Mono.delay(Duration.ofNanos(waitNanos));
    }

    /** The host answered 429: pause it for {@code retryAfter} (or the default) and slow it down. */
    public void throttled(Duration retryAfter) {
        long now = System.nanoTime();
        long pauseEnd = now + (retryAfter != null ? retryAfter : defaultPause).toNanos();
        pausedUntilNanos.accumulateAndGet(pauseEnd, (a, b) -> a - b > 0 ? a : b);
        if (normal != null) {
            slowedUntilNanos.set(pauseEnd + cooldown.toNanos());
        }
    }
}
