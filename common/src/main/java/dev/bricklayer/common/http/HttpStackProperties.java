package dev.bricklayer.common.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

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
 *                                 source, unverified [K])
 * @param workspaceShare           this service's share of that budget in requests per second; when unset, taken
 *                                 from {@link #DEFAULT_SHARES} by {@code spring.application.name}
 * @param pacingHeadroom           requests are spaced {@code (1 + headroom) / rate} apart, so that jitter between
 *                                 sending and arrival never puts more than the rate into one second at the server
 * @param throttleSlowdown         after a 429 the host's rate is multiplied by this for {@code throttleCooldown}
 * @param throttleCooldown         how long a host stays slowed down after a 429
 * @param defaultThrottleWait      how long a host is paused after a 429 that carries no {@code Retry-After}
 * @param scimConcurrency          SCIM calls in flight at once per workspace (4: an assumption; the reference
 *                                 documents no SCIM concurrency limit)
 * @param maxQueueWait             the longest a request waits for a rate or concurrency permit before failing
 * @param armRequestsPerSecond     pacing of ARM calls; 0 = no pacing (ARM limits are per hour; 429s are honoured)
 * @param armBaseUrl               Azure Resource Manager; the emulator's ARM URL in tests and local runs
 * @param accountBaseUrl           the Azure Databricks account host; the emulator's account host in tests and local runs
 * @param accountId                the Azure Databricks account id (paths {@code /api/2.0/accounts/{id}/…}); unset when
 *                                 the service calls no account API
 * @param accountRequestsPerSecond pacing of account API calls from this service (reference §7.6: account SCIM writes a
 *                                 few a second, unverified [K]); 0 = no pacing
 * @param azureSpHeaders           send {@code X-Databricks-Azure-SP-Management-Token} and
 *                                 {@code X-Databricks-Azure-Workspace-Resource-Id} on AAD calls to a workspace
 * @param retry                    retry policy
 * @param connectTimeout           TCP connect timeout
 * @param responseTimeout          time to the response headers
 */
@Validated
@ConfigurationProperties("bricklayer.http")
public record HttpStackProperties(
        @DefaultValue("30") @Min(1) int workspaceBudgetPerSecond,
        Double workspaceShare,
        @DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0") double pacingHeadroom,
        @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("1.0") double throttleSlowdown,
        @DefaultValue("30s") @NotNull Duration throttleCooldown,
        @DefaultValue("1s") @NotNull Duration defaultThrottleWait,
        @DefaultValue("4") @Min(1) int scimConcurrency,
        @DefaultValue("5m") @NotNull Duration maxQueueWait,
        @DefaultValue("0") @Min(0) double armRequestsPerSecond,
        @DefaultValue("https://management.azure.com") @NotNull URI armBaseUrl,
        @DefaultValue("https://accounts.azuredatabricks.net") @NotNull URI accountBaseUrl,
        String accountId,
        @DefaultValue("5") @Min(0) double accountRequestsPerSecond,
        @DefaultValue("true") boolean azureSpHeaders,
        @DefaultValue @Valid Retry retry,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("60s") @NotNull Duration responseTimeout) {

    /**
     * Default shares of the workspace budget, as fractions summing to 1: identity-service spends most
     * (SCIM onboarding), workspace-service least (it calls ARM, not the workspace).
     */
    public static final Map<String, Double> DEFAULT_SHARES = Map.of(
            "identity-service", 0.40,
            "security-service", 0.25,
            "token-service", 0.25,
            "workspace-service", 0.10);

    /** Fraction of the budget taken by a service missing from {@link #DEFAULT_SHARES}. */
    public static final double UNKNOWN_SERVICE_SHARE = 0.10;

    /** The requests per second this service may send to one workspace. */
    public double workspaceRate(String service) {
        if (workspaceShare != null) {
            return workspaceShare;
        }
        return workspaceBudgetPerSecond * DEFAULT_SHARES.getOrDefault(service, UNKNOWN_SERVICE_SHARE);
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
