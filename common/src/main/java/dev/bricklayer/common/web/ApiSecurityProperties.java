package dev.bricklayer.common.web;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call a service's REST API ({@code bricklayer.api.*}): bearer tokens from Entra ID (the emulator locally)
 * for the Bricklayer API app, checked against the tenant's signing keys, issuer and audience. The tokens'
 * {@code roles} (app roles) decide what a caller may do; each service names the roles its endpoints need.
 *
 * @param jwkSetUri the tenant's keys, e.g. {@code https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys}
 * @param issuer    the tokens' {@code iss}, e.g. {@code https://sts.windows.net/{tenant}/}
 * @param audience  the tokens' {@code aud}: the API's identifier, e.g. {@code api://{client id of the API app}}
 */
@Validated
@ConfigurationProperties("bricklayer.api")
public record ApiSecurityProperties(@NotBlank String jwkSetUri, @NotBlank String issuer, @NotBlank String audience) {
}
