package dev.bricklayer.common.http;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the outbound HTTP stack ({@code bricklayer.http.*}).
 *
 * @param workspaceBudgetPerSecond requests per second one workspace accepts from all callers together (30: the
 *                                 project's blanket figure; reference §3.0 lists per-API limits from a secondary
 *                                 source, unverified [K]); one budget per workspace, shared by every service and
 *                                 instance ({@code budget.*})
 * @param throttleSlowdown         after a 429 the workspace's budget runs at this fraction of its rate, for every caller
 * @param throttleCooldown         how long a workspace's budget stays slowed down after a 429
 * @param defaultThrottleWait      how long a workspace is paused after a 429 that carries no {@code Retry-After}
 * @param scimConcurrency          SCIM calls in flight at once per workspace, across every service and instance (4: an
 *                                 assumption; the reference documents no SCIM concurrency limit)
 * @param maxQueueWait             the longest a request waits for a permit or a SCIM slot (the budget store being
 *                                 unreachable included) before it fails with a {@code BudgetUnavailableException}
 * @param armReadsPerHour          ARM's budget of reads per subscription and hour (12,000: ARM's documented
 *                                 subscription limit), shared like a workspace's
 * @param armWritesPerHour         ARM's budget of writes (PUT, PATCH, POST, DELETE) per subscription and hour (1,200)
 * @param armBaseUrl               Azure Resource Manager; the emulator's ARM URL in tests and local runs
 * @param accountBaseUrl           the Azure Databricks account host; the emulator's account host in tests and local runs
 * @param accountId                the Azure Databricks account id (paths {@code /api/2.0/accounts/{id}/…}); unset when
 *                                 the service calls no account API
 * @param accountRequestsPerSecond the account API's budget, shared by every service and instance like a workspace's
 *                                 (reference §7.6: account SCIM writes a few a second, unverified [K]); 0 = no pacing
 * @param azureSpHeaders           send {@code X-Databricks-Azure-SP-Management-Token} and
 *                                 {@code X-Databricks-Azure-Workspace-Resource-Id} on AAD calls to a workspace
 * @param budget                   how the budgets are kept and shared ({@code bricklayer.http.budget.*})
 * @param retry                    retry policy
 * @param connectTimeout           TCP connect timeout
 * @param responseTimeout          time to the response headers
 */
@Validated
@ConfigurationProperties("bricklayer.http")
public record HttpStackProperties(
        @DefaultValue("30") @Min(1) int workspaceBudgetPerSecond,
        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("1.0") double throttleSlowdown,
        @DefaultValue("30s") @NotNull Duration throttleCooldown,
        @DefaultValue("1s") @NotNull Duration defaultThrottleWait,
        @DefaultValue("4") @Min(1) int scimConcurrency,
        @DefaultValue("5m") @NotNull Duration maxQueueWait,
        @DefaultValue("12000") @Min(1) long armReadsPerHour,
        @DefaultValue("1200") @Min(1) long armWritesPerHour,
        @DefaultValue("https://management.azure.com") @NotNull URI armBaseUrl,
        @DefaultValue("https://accounts.azuredatabricks.net") @NotNull URI accountBaseUrl,
        String accountId,
        @DefaultValue("5") @Min(0) double accountRequestsPerSecond,
        @DefaultValue("true") boolean azureSpHeaders,
        @DefaultValue @Valid Budget budget,
        @DefaultValue @Valid Retry retry,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("60s") @NotNull Duration responseTimeout) {

    /**
     * How budgets are kept: one token bucket per workspace (and per ARM subscription), in the budget store.
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
     * @param scimSlotPoll          how often a SCIM call waiting for a slot held by another instance looks again
     * @param schema                the budget store's schema (created and migrated by every service alike)
     */
    public record Budget(
            @DefaultValue("postgres") @NotNull Store store,
            @DefaultValue("2") @DecimalMin("1.0") double burst,
            @DefaultValue("0.3") @DecimalMin("0.0") double onboardingReserve,
            @DefaultValue("0.6") @DecimalMin("0.0") double backgroundReserve,
            @DefaultValue("2") @DecimalMin("0.0") double minimumPerSecond,
            @DefaultValue("onboarding") @NotNull dev.bricklayer.common.http.budget.CallPriority defaultPriority,
            @DefaultValue("1.0") @DecimalMin("0.01") @DecimalMax("1.0") double share,
            @DefaultValue("2") @Min(1) int poolSize,
            @DefaultValue("2s") @NotNull Duration storeTimeout,
            @DefaultValue("100ms") @NotNull Duration storeRetry,
            @DefaultValue("20ms") @NotNull Duration scimSlotPoll,
            @DefaultValue("bricklayer_budget") @NotNull String schema) {

        public enum Store { POSTGRES, LOCAL }
    }

    /**
     * @param maxAttempts    attempts in all, the first included
     * @param initialBackoff wait before the first retry when the server gave no {@code Retry-After}
     * @param multiplier     growth of the wait per retry
     * @param maxBackoff     the longest wait between attempts, {@code Retry-After} included
     */
    public record Retry(
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("500ms") @NotNull Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("60s") @NotNull Duration maxBackoff) {
    }
}
