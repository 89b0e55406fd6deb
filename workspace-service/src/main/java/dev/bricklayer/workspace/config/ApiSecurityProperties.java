package dev.bricklayer.workspace.config;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the REST API ({@code bricklayer.api.*}): bearer tokens from Entra ID (the emulator locally) for this
 * API's app, checked against the tenant's signing keys; their {@code roles} decide what a caller may do
 * ({@code Workspace.Request} to submit and decommission, {@code Workspace.Read} to read and plan).
 *
 * @param jwkSetUri the tenant's keys, e.g. {@code https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys}
 * @param issuer    the tokens' {@code iss}, e.g. {@code https://sts.windows.net/{tenant}/}
 * @param audience  the tokens' {@code aud}: this API's identifier, e.g. {@code api://{client id of the API app}}
 */
@Validated
@ConfigurationProperties("bricklayer.api")
public record ApiSecurityProperties(@NotBlank String jwkSetUri, @NotBlank String issuer, @NotBlank String audience) {
}
