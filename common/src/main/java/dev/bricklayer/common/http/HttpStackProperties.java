package dev.bricklayer.common.http;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bricklayer.common.http.budget.BudgetLimits;
import dev.bricklayer.common.http.budget.BudgetSettings;

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
 * @param accountRequestsPerSecond the account API's budget of creations, replacements and deletions (POST, PUT, DELETE)
 *                                 a second, shared by every service and instance like a workspace's (reference §7.6:
 *                                 account SCIM POST/PUT/DELETE 5 a second, unverified [K]); 0 = no pacing
 * @param accountPatchesPerSecond  the account API's budget of PATCHes a second, apart from the other writes (reference
 *                                 §7.6: account SCIM PATCH 2 a second [K]); 0 = no pacing
 * @param accountReadsPerSecond    the account API's budget of reads (GET) a second (reference §7.6: a single account SCIM
 *                                 resource 20 a second, lists 240 [K] — the lower of the two); 0 = no pacing
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
        @DefaultValue("2") @Min(0) double accountPatchesPerSecond,
        @DefaultValue("20") @Min(0) double accountReadsPerSecond,
        @DefaultValue("true") boolean azureSpHeaders,
        @DefaultValue @Valid @NestedConfigurationProperty BudgetSettings budget,
        @DefaultValue @Valid Retry retry,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("60s") @NotNull Duration responseTimeout) implements BudgetLimits {

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
