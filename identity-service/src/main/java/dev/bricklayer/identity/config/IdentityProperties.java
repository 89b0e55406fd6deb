package dev.bricklayer.identity.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of identity-service ({@code bricklayer.identity.*}).
 *
 * @param accessRulesDir       folder of access rules YAML files, checked at start
 * @param batchSize            people converged in one workspace at a time
 * @param maxMembersPerPatch   member operations in one group PATCH (the project's own bound: the reference documents no
 *                             limit of the service)
 * @param scimParallelism      user calls of one batch in flight at once (the HTTP stack still holds SCIM to its
 *                             concurrency limit and the workspace's pace)
 * @param pollInterval         how often due work (retries, other instances' marks) is looked for
 * @param retryFirstBackoff    first pause before work that failed is tried again (doubling)
 * @param retryMaxBackoff      longest such pause
 * @param bootstrapMaxAttempts bootstrap attempts that failed for a passing reason before {@code IdentityBootstrapFailed}
 * @param registryWait         how long a bootstrap waits for the workspace registry to know the workspace's tags
 * @param tagsRefreshInterval  how often workspaces' tags are compared with the registry (a change re-evaluates people)
 * @param leaseDuration        how long an instance holds a workspace it works on, kept while the work lasts
 *                             ({@code bricklayer.work.lease-keep-interval} must stay below a third of it); the
 *                             workspaces worked on at once are {@code spring.task.execution.pool.core-size}
 * @param readerRole           the app role the REST API needs
 */
@Validated
@ConfigurationProperties("bricklayer.identity")
public record IdentityProperties(
        @DefaultValue("access-rules") @NotNull Path accessRulesDir,
        @DefaultValue("200") @Min(1) int batchSize,
        @DefaultValue("500") @Min(1) int maxMembersPerPatch,
        @DefaultValue("4") @Min(1) int scimParallelism,
        @DefaultValue("2s") @NotNull Duration pollInterval,
        @DefaultValue("2s") @NotNull Duration retryFirstBackoff,
        @DefaultValue("5m") @NotNull Duration retryMaxBackoff,
        @DefaultValue("8") @Min(1) int bootstrapMaxAttempts,
        @DefaultValue("10s") @NotNull Duration registryWait,
        @DefaultValue("30s") @NotNull Duration tagsRefreshInterval,
        @DefaultValue("60s") @NotNull Duration leaseDuration,
        @DefaultValue("People.Read") @NotBlank String readerRole) {

    /** The pause before attempt {@code attempts + 1} of failed work. */
    public Duration backoff(int attempts) {
        long millis = retryFirstBackoff.toMillis() << Math.min(Math.max(attempts, 0), 20);
        return Duration.ofMillis(Math.min(millis, retryMaxBackoff.toMillis()));
    }
}
