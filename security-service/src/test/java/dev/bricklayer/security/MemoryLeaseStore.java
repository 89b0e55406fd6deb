package dev.bricklayer.security;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/** ShedLock's table in memory, for tests of one instance: a lease is free once released or expired. */
public final class MemoryLeaseStore implements LockProvider {

    private final Map<String, Instant> until = new ConcurrentHashMap<>();

    @Override
    public Optional<SimpleLock> lock(LockConfiguration configuration) {
        String name = configuration.getName();
        Instant now = Instant.now();
        Instant taken = until.compute(name, (key, current) -> current == null || !current.isAfter(now)
                ? configuration.getLockAtMostUntil() : current);
        if (!taken.equals(configuration.getLockAtMostUntil()) || taken.isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(() -> until.remove(name, taken));
    }
}
