package dev.bricklayer.common.http.budget;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How budgets are kept ({@code bricklayer.http.budget.*}, part of {@code HttpStackProperties}): one token bucket per workspace (and per ARM subscription), in the budget store.
 *
 * @param store                 {@code postgres}: the platform's PostgreSQL, schema {@code bricklayer_budget}, shared by
 *                              every service and instance (Bucket4j, ShedLock); {@code local}: in this instance's
 *                              memory only (tests without a database, and the old fixed shares with {@code share})
 * @param burst                 requests a workspace's bucket holds when nobody called for a while: it refills at
 *                              {@code workspace-budget-per-second − burst} a second, so no one-second window ever
 *                              sees more than the workspace's budget
 * @param onboardingReserve     requests (fractions allowed) that onboarding calls leave in the bucket for people's
 *                              lifecycle: they take a permit only while the bucket holds more than this
 * @param backgroundReserve     the same for background calls (drift passes, sweeps); at least the onboarding reserve
 * @param minimumPerSecond      requests a second per workspace this instance may take at the lifecycle's priority
 *                              whatever the class of its calls, so that no service starves (0 = none)
 * @param defaultPriority       the class of calls whose caller named none
 * @param share                 the fraction of the workspace's rate this instance's buckets get; 1 with the shared
 *                              store; the old fixed shares are {@code store=local} with 0.40 / 0.25 / 0.25 / 0.10
 * @param poolSize              connections of the budget store's own pool (apart from the service's, so a service
 *                              whose pool is busy never waits for its own permits)
 * @param storeTimeout          how long one budget-store command may wait for a connection before it is retried
 * @param storeRetry            pause before a budget-store command that failed is tried again (doubling to 2 s)
 * @param scimSlotPoll          how often a SCIM call waiting for a slot held by another instance, or an account call
 *                              waiting for a send of its window, looks again
 * @param accountWindowMargin   how much longer than a second a send of an account window stays taken, so that two
 *                              requests a window apart never reach the account within one second however differently
 *                              they were delayed on the way
 * @param schema                the budget store's schema (created and migrated by every service alike)
 */
public record BudgetSettings(
        @DefaultValue("postgres") @NotNull Store store,
        @DefaultValue("2") @DecimalMin("1.0") double burst,
        @DefaultValue("0.3") @DecimalMin("0.0") double onboardingReserve,
        @DefaultValue("0.6") @DecimalMin("0.0") double backgroundReserve,
        @DefaultValue("2") @DecimalMin("0.0") double minimumPerSecond,
        @DefaultValue("onboarding") @NotNull CallPriority defaultPriority,
        @DefaultValue("1.0") @DecimalMin("0.01") @DecimalMax("1.0") double share,
        @DefaultValue("2") @Min(1) int poolSize,
        @DefaultValue("2s") @NotNull Duration storeTimeout,
        @DefaultValue("100ms") @NotNull Duration storeRetry,
        @DefaultValue("20ms") @NotNull Duration scimSlotPoll,
        @DefaultValue("100ms") @NotNull Duration accountWindowMargin,
        @DefaultValue("bricklayer_budget") @NotNull String schema) {

    public enum Store { POSTGRES, LOCAL }
}
