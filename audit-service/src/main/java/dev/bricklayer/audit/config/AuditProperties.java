package dev.bricklayer.audit.config;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of audit-service ({@code bricklayer.audit.*}).
 *
 * @param outcomeUnknownAfter a call whose completion has not arrived after this is sealed as {@code OUTCOME_UNKNOWN}
 * @param sweepInterval       how often unfinished calls are looked for
 * @param readerRole          the app role compliance readers need
 */
@Validated
@ConfigurationProperties("bricklayer.audit")
public record AuditProperties(
        @DefaultValue("5m") @NotNull Duration outcomeUnknownAfter,
        @DefaultValue("30s") @NotNull Duration sweepInterval,
        @DefaultValue("Audit.Read") @NotBlank String readerRole) {
}
