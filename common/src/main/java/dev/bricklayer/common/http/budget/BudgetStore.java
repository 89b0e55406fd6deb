package dev.bricklayer.common.http.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where budgets live. {@link #postgres}: token buckets in PostgreSQL (Bucket4j's select-for-update proxy manager,
 * table {@code buckets}) and SCIM slots as ShedLock leases (table {@code scim_slots}), both in the budget schema every
 * service reaches, so every service and instance shares them. {@link #local}: the same buckets and leases in this
 * instance's memory only. Store commands block (JDBC): they run on the store's own scheduler, never on a Reactor thread.
 */
public final class BudgetStore implements AutoCloseable {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ProxyManager<String> proxies;
    private final LockProvider slots;
    private final Scheduler scheduler;
    private final boolean shared;
    private final AutoCloseable owned;

    private BudgetStore(ProxyManager<String> proxies, LockProvider slots, Scheduler scheduler, boolean shared, AutoCloseable owned) {
        this.proxies = proxies;
        this.slots = slots;
        this.scheduler = scheduler;
        this.shared = shared;
        this.owned = owned;
    }

    /**
     * Buckets and SCIM slots in {@code schema} of the database behind {@code dataSource} (migrated by
     * {@link BudgetSchema}); the store closes the data source when it is closed if it is {@link AutoCloseable}.
     */
    public static BudgetStore postgres(DataSource dataSource, String schema, int threads) {
        ProxyManager<String> proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(schema + ".buckets")
                .build();
        LockProvider slots = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName(schema + ".scim_slots")
                .usingDbTime()
                .build());
        return new BudgetStore(proxies, slots, Schedulers.newBoundedElastic(threads, 100_000, "bricklayer-budget", 60, true), true,
                dataSource instanceof AutoCloseable closeable ? closeable : null);
    }

    /** Buckets and SCIM slots in this instance's memory: nothing is shared with another instance. */
    public static BudgetStore local() {
        return new BudgetStore(null, new MemorySlots(), Schedulers.immediate(), false, null);
    }

    /** Whether budgets are shared with other instances and services. */
    public boolean shared() {
        return shared;
    }

    /** The bucket named {@code key}, made with {@code configuration} if the store has none yet. */
    Bucket bucket(String key, Supplier<BucketConfiguration> configuration) {
        return buckets.computeIfAbsent(key, k -> {
            if (proxies != null) {
                return proxies.getProxy(k, configuration);
            }
            LocalBucketBuilder builder = Bucket.builder();
            for (Bandwidth bandwidth : configuration.get().getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }

    /** A lease the store gave: which of the names it is, and the lock that holds it. */
    record Leased(int index, SimpleLock lock) {
    }

    /**
     * One of the leases {@code <prefix>0} … {@code <prefix>(count − 1)} that nobody holds, tried from a random one on,
     * those {@code skip} names left out: held for {@code atLeast} and at most {@code atMost}; empty when all are held.
     */
    Optional<Leased> leaseOne(String prefix, int count, IntPredicate skip, Duration atMost, Duration atLeast) {
        int start = ThreadLocalRandom.current().nextInt(count);
        for (int i = 0; i < count; i++) {
            int index = (start + i) % count;
            if (!skip.test(index)) {
                Optional<SimpleLock> lease = slots.lock(new LockConfiguration(Instant.now(), prefix + index, atMost, atLeast));
                if (lease.isPresent()) {
                    return Optional.of(new Leased(index, lease.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Where store commands run: a scheduler of its own for PostgreSQL, the caller's thread in memory. */
    Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        if (shared) {
            scheduler.dispose();
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not close the budget store: " + e.getMessage(), e);
            }
        }
    }

    /** ShedLock's contract over a map: the SCIM slots of the local store. */
    private static final class MemorySlots implements LockProvider {

        private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

        @Override
        public Optional<SimpleLock> lock(LockConfiguration lock) {
            Instant now = Instant.now();
            Instant until = now.plus(lock.getLockAtMostFor());
            boolean[] taken = new boolean[1];
            heldUntil.compute(lock.getName(), (name, held) -> {
                if (held != null && held.isAfter(now)) {
                    return held;
                }
                taken[0] = true;
                return until;
            });
            if (!taken[0]) {
                return Optional.empty();
            }
            return Optional.of(() -> heldUntil.remove(lock.getName(), until));
        }
    }
}
