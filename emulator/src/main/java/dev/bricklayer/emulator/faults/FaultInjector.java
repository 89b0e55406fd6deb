package dev.bricklayer.emulator.faults;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.config.EmulatorProperties;

/**
 * Holds the fault rules and decides, request by request, which one applies. Random choices come from one
 * generator per rule seeded from {@code emulator.fault-seed} and the rule id, so the same requests in the
 * same order meet the same faults.
 */
@Component
public class FaultInjector {

    private final long seed;
    private final List<ActiveRule> rules = new CopyOnWriteArrayList<>();

    public FaultInjector(EmulatorProperties properties) {
        this.seed = properties.faultSeed();
    }

    public void add(FaultRule rule) {
        rules.removeIf(active -> active.rule.id().equals(rule.id()));
        rules.add(new ActiveRule(rule, new Random(seed ^ rule.id().hashCode()),
                rule.pathPattern() == null ? null : Pattern.compile(rule.pathPattern())));
    }

    public boolean remove(String id) {
        return rules.removeIf(active -> active.rule.id().equals(id));
    }

    public void clear() {
        rules.clear();
    }

    public List<Map<String, Object>> describe() {
        return rules.stream().map(active -> Map.<String, Object>of("rule", active.rule, "applied", active.applied.get())).toList();
    }

    /** The first active rule that matches the request and whose dice say yes. */
    public Optional<FaultRule> decide(String surface, String workspace, String method, String path) {
        Instant now = Instant.now();
        for (ActiveRule active : rules) {
            FaultRule rule = active.rule;
            if (rule.surface() != null && !rule.surface().equalsIgnoreCase(surface)) {
                continue;
            }
            if (rule.workspace() != null && !rule.workspace().equalsIgnoreCase(workspace)) {
                continue;
            }
            if (rule.method() != null && !rule.method().equalsIgnoreCase(method)) {
                continue;
            }
            if (active.pattern != null && !active.pattern.matcher(path).find()) {
                continue;
            }
            if (rule.activeFrom() != null && now.isBefore(rule.activeFrom())) {
                continue;
            }
            if (rule.activeUntil() != null && !now.isBefore(rule.activeUntil())) {
                continue;
            }
            if (active.roll() && active.take()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static final class ActiveRule {
        final FaultRule rule;
        final Random random;
        final Pattern pattern;
        final AtomicInteger applied = new AtomicInteger();

        ActiveRule(FaultRule rule, Random random, Pattern pattern) {
            this.rule = rule;
            this.random = random;
            this.pattern = pattern;
        }

        synchronized boolean roll() {
            double p = rule.probability() == null ? 1.0 : rule.probability();
            return random.nextDouble() < p;
        }

        boolean take() {
            if (rule.times() == null) {
                applied.incrementAndGet();
                return true;
            }
            return applied.getAndUpdate(n -> n < rule.times() ? n + 1 : n) < rule.times();
        }
    }
}
