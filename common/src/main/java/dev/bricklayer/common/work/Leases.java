package dev.bricklayer.common.work;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Durable, expiring leases shared by every instance of a service: who works on a workspace now, which instance
 * runs this period's drift pass, who sweeps a workspace. Kept by ShedLock in the service's own PostgreSQL schema
 * (table {@code shedlock}, on the database's clock), so an instance that dies holding a lease loses it when it
 * expires and another takes the work over; nothing is ever worked on by two instances at once while a lease is
 * kept.
 *
 * <p>Two kinds: {@link #acquire} holds the lease until it is closed (or, when its holder died, until it expires);
 * a lease held longer than its duration must be kept with {@link Lease#extend} — {@link #keepAll()}, run every
 * third of the shortest duration, does that for every lease still open. {@link #acquireOncePer} gives the lease to
 * at most one instance per period: closed early, it is still held until the period ends.
 */
public final class Leases {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final LockProvider locks;
    private final String instance;
    private final Set<Lease> open = ConcurrentHashMap.newKeySet();

    /**
     * @param locks    ShedLock's provider (a JDBC one on the service's schema)
     * @param instance this instance's name in the table (it appears as {@code locked_by})
     */
    public Leases(LockProvider locks, String instance) {
        this.locks = locks;
        this.instance = instance;
    }

    /** A random instance name: the service name and a short unique suffix. */
    public static String instanceName(String service) {
        return service + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This instance's name. */
    public String instance() {
        return instance;
    }

    /** The lease named {@code name} for {@code holdFor} (kept longer with {@link Lease#extend}), unless another holds it. */
    public Optional<Lease> acquire(String name, Duration holdFor) {
        return locks.lock(new LockConfiguration(Instant.now(), name, holdFor, Duration.ZERO))
                .map(lock -> register(new Lease(name, holdFor, lock)));
    }

    /**
     * The lease named {@code name} for one {@code period}, unless another instance (or this one) had it less than a
     * period ago: what is done under it runs at most once per period across every instance.
     */
    public Optional<Lease> acquireOncePer(String name, Duration period) {
        return locks.lock(new LockConfiguration(Instant.now(), name, period, period)).map(lock -> new Lease(name, period, lock));
    }

    /** Extends every lease still open (taken with {@link #acquire}) by its duration; one that cannot be is reported lost. */
    public void keepAll() {
        for (Lease lease : open) {
            if (!lease.extend()) {
                log.warn("Lease {} could not be kept: another instance may take it over", lease.name());
            }
        }
    }

    /** Leases this instance holds now (taken with {@link #acquire} and not closed). */
    public int held() {
        return open.size();
    }

    /** Releases every open lease (at stop): their work can be taken over at once instead of when they expire. */
    public void releaseAll() {
        for (Lease lease : open) {
            lease.close();
        }
    }

    private Lease register(Lease lease) {
        open.add(lease);
        return lease;
    }

    /** One held lease. Closing it releases it. */
    public final class Lease implements AutoCloseable {

        private final String name;
        private final Duration holdFor;
        private volatile SimpleLock lock;
        private volatile boolean lost;

        private Lease(String name, Duration holdFor, SimpleLock lock) {
            this.name = name;
            this.holdFor = holdFor;
            this.lock = lock;
        }

        public String name() {
            return name;
        }

        /** Whether the lease is still this instance's: false once it could not be extended. */
        public boolean held() {
            return !lost;
        }

        /** Holds the lease for another full duration from now; false when it was lost meanwhile. */
        public synchronized boolean extend() {
            if (lost || lock == null) {
                return false;
            }
            try {
                Optional<SimpleLock> extended = lock.extend(holdFor, Duration.ZERO);
                if (extended.isEmpty()) {
                    lost = true;
                    return false;
                }
                lock = extended.get();
                return true;
            } catch (RuntimeException e) {
                log.warn("Lease {} not extended: {}", name, e.toString());
                return false;
            }
        }

        @Override
        public synchronized void close() {
            open.remove(this);
            if (lock == null) {
                return;
            }
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                log.info("Lease {} not released ({}); it expires by itself", name, e.toString());
            } finally {
                lock = null;
            }
        }
    }
}
