package dev.bricklayer.token.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of token-service ({@code bricklayer.token.*}).
 *
 * @param sweepInterval           time between two scheduled sweeps of every workspace
 * @param sweepParallelism        workspaces swept at once by one instance (each within its own request budget), and
 *                                workspaces a leaver's tokens are revoked in at once
 * @param sweepPollInterval       how often the instance looks for workspaces to sweep (new or left by a stopped instance)
 * @param sweepStaleAfter         how long a workspace sweep's lease lasts unless kept: the workspace of an instance that
 *                                stopped keeping it is taken over after this long
 * @param stopTimeout             on shutdown, how long running workspace sweeps may take to reach a safe point and hand
 *                                their workspace back
 * @param principalWait           how long to wait for the groups and service principals of a token policy to appear
 *                                in the workspace (identity-service creates them in parallel) before failing
 * @param principalWaitFirstPause first pause between two attempts while waiting for principals (doubles, at most 15 s)
 * @param bootstrapTokenLifetime  lifetime of the short-lived token of the platform's service principal made when the
 *                                workspace has none, because Databricks manages token permissions only once one exists
 * @param bootstrapTokenComment   its comment
 * @param inventoryExpiringDays   "expiring soon" in the inventory summary of a workspace without a token policy
 * @param policyLeaseDuration     how long the lease of a workspace's policy writes ({@code policy:<workspace>}) lasts
 *                                unless kept (every {@code bricklayer.work.lease-keep-interval} while they run)
 * @param policyPollInterval      how often pending token policies are looked for (recorded while another instance held
 *                                the workspace, or left by an instance that stopped)
 */
@Validated
@ConfigurationProperties("bricklayer.token")
public record TokenServiceProperties(
        @DefaultValue("1h") @NotNull Duration sweepInterval,
        @DefaultValue("8") @Min(1) @Max(256) int sweepParallelism,
        @DefaultValue("2s") @NotNull Duration sweepPollInterval,
        @DefaultValue("1m") @NotNull Duration sweepStaleAfter,
        @DefaultValue("20s") @NotNull Duration stopTimeout,
        @DefaultValue("2m") @NotNull Duration principalWait,
        @DefaultValue("1s") @NotNull Duration principalWaitFirstPause,
        @DefaultValue("5m") @NotNull Duration bootstrapTokenLifetime,
        @DefaultValue("bricklayer: token permissions bootstrap") @NotBlank String bootstrapTokenComment,
        @DefaultValue("7") @Min(0) int inventoryExpiringDays,
        @DefaultValue("1m") @NotNull Duration policyLeaseDuration,
        @DefaultValue("5s") @NotNull Duration policyPollInterval) {
}
