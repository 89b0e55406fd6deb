package dev.bricklayer.common.http.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;

/**
 * Every budget this instance calls under, by key: one per workspace host ({@code workspace:<host>}), one for ARM's
 * reads and one for its writes per subscription ({@code arm:<subscription>:reads|writes}), one for the account host
 * ({@code account:<host>:reads|patch|write}) with the windows of the account's PATCHes and other writes, and each
 * workspace's SCIM slots. Sizes come from {@link BudgetLimits} (the HTTP stack's settings): a workspace's bucket holds {@code budget.burst} requests
 * and refills at {@code workspace-budget-per-second − burst} a second (times {@code budget.share}), so that no
 * one-second window sees more than the workspace's budget; ARM's buckets hold an hour's budget and refill it over
 * the hour.
 */
public final class Budgets implements AutoCloseable {

    private final BudgetLimits properties;
    private final BudgetStore store;
    private final Clock clock;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, ScimSlots> scim = new ConcurrentHashMap<>();
    private final Map<String, SendWindow> windows = new ConcurrentHashMap<>();

    public Budgets(BudgetLimits properties, BudgetStore store, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.clock = clock;
    }

    /** The budget of the workspace at {@code hostKey} ({@code host[:port]}). */
    public Budget workspace(String hostKey) {
        return budgets.computeIfAbsent("workspace:" + hostKey, key -> {
            BudgetSettings settings = properties.budget();
            double share = settings.share();
            long capacity = Math.max(Budget.UNIT, tokens(settings.burst() * share));
            long refill = tokens((properties.workspaceBudgetPerSecond() - settings.burst()) * share);
            Bucket minimum = settings.minimumPerSecond() > 0
                    ? Bucket.builder().addLimit(limit -> limit.capacity(Math.max(Budget.UNIT, tokens(settings.minimumPerSecond())))
                            .refillGreedy(tokens(settings.minimumPerSecond()), Duration.ofSeconds(1))).build()
                    : null;
            return budget(key, Budget.normal(capacity, refill, Duration.ofSeconds(1)), minimum);
        });
    }

    /** ARM's budget of reads ({@code write = false}) or writes of {@code subscription}. */
    public Budget arm(String subscription, boolean write) {
        return budgets.computeIfAbsent("arm:" + subscription + (write ? ":writes" : ":reads"), key -> {
            long perHour = (long) ((write ? properties.armWritesPerHour() : properties.armReadsPerHour()) * properties.budget().share());
            long tokens = Math.max(1, perHour) * Budget.UNIT;
            return budget(key, Budget.normal(tokens, tokens, Duration.ofHours(1)), null);
        });
    }

    /** The kinds of account calls, each limited on its own by the account (reference §7.6). */
    public enum AccountCall { READ, PATCH, WRITE }

    /**
     * The share of an account limit its bucket refills at, so that over time the account sees a little less than its
     * limit; the shape of each second is the {@link SendWindow}'s.
     */
    static final double ACCOUNT_HEADROOM = 0.9;

    /**
     * The account host's budget for one kind of call: reads ({@code account-reads-per-second}), PATCHes
     * ({@code account-patches-per-second}) or the other writes ({@code account-requests-per-second}), refilled at
     * {@link #ACCOUNT_HEADROOM} of it; empty when that rate is 0 (unpaced by configuration). A kind with a
     * {@link #accountWindow window} holds as many requests as the window lets through in a second — the window keeps
     * any one second to the limit — a read one request, spaced evenly.
     */
    public java.util.Optional<Budget> account(String hostKey, AccountCall kind) {
        double rate = accountLimit(kind) * ACCOUNT_HEADROOM;
        if (rate <= 0) {
            return java.util.Optional.empty();
        }
        long capacity = kind == AccountCall.READ ? Budget.UNIT : Math.max(1, (long) accountLimit(kind)) * Budget.UNIT;
        return java.util.Optional.of(budgets.computeIfAbsent("account:" + hostKey + ":" + kind.name().toLowerCase(java.util.Locale.ROOT),
                key -> budget(key, Budget.normal(capacity, tokens(rate), Duration.ofSeconds(1)), null)));
    }

    /**
     * The window of the account host's PATCHes or other writes — their limits are a few requests a second (2 and 5
     * [K]), where spacing them would make a person joining two groups wait half a second for the second PATCH; empty
     * for reads (20 a second: spaced by the bucket alone) and for a kind whose rate is 0.
     */
    public java.util.Optional<SendWindow> accountWindow(String hostKey, AccountCall kind) {
        double limit = accountLimit(kind);
        if (kind == AccountCall.READ || limit <= 0) {
            return java.util.Optional.empty();
        }
        BudgetSettings settings = properties.budget();
        return java.util.Optional.of(windows.computeIfAbsent(hostKey + ":" + kind.name().toLowerCase(java.util.Locale.ROOT),
                name -> new SendWindow(name, Math.max(1, (int) limit), settings.accountWindowMargin(), settings.scimSlotPoll(), store,
                        properties.maxQueueWait(), settings.storeRetry())));
    }

    /** Requests a second of {@code kind} this instance's account budget is for. */
    private double accountLimit(AccountCall kind) {
        double perSecond = switch (kind) {
            case READ -> properties.accountReadsPerSecond();
            case PATCH -> properties.accountPatchesPerSecond();
            case WRITE -> properties.accountRequestsPerSecond();
        };
        return perSecond * properties.budget().share();
    }

    /** The SCIM slots of the workspace at {@code hostKey}. */
    public ScimSlots scim(String hostKey) {
        return scim.computeIfAbsent(hostKey, host -> new ScimSlots(host, properties.scimConcurrency(),
                properties.responseTimeout().plus(properties.connectTimeout()).plusSeconds(10), properties.budget().scimSlotPoll(),
                store, properties.maxQueueWait(), properties.budget().storeRetry()));
    }

    /** Whether the budgets are shared with every other service and instance (the PostgreSQL store). */
    public boolean shared() {
        return store.shared();
    }

    private Budget budget(String key, io.github.bucket4j.BucketConfiguration normal, Bucket minimum) {
        BudgetSettings settings = properties.budget();
        // a class can only leave in the bucket what the bucket holds beyond one request: a bucket of one request (a small
        // fixed share) serves every class alike
        long room = normal.getBandwidths()[0].getCapacity() - Budget.UNIT;
        long onboarding = Math.min(room, tokens(settings.onboardingReserve()));
        long background = Math.min(room, Math.max(onboarding, tokens(settings.backgroundReserve())));
        return new Budget(key, store, normal, properties.throttleSlowdown(), properties.throttleCooldown(),
                new long[] {0, onboarding, background}, minimum, clock, properties.maxQueueWait(), settings.storeRetry());
    }

    private static long tokens(double requests) {
        return Math.round(requests * Budget.UNIT);
    }

    @Override
    public void close() {
        store.close();
    }
}
