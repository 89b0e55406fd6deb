package dev.bricklayer.identity.config;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the account scope ({@code bricklayer.identity.account.*}); the account host and id are the common
 * HTTP stack's ({@code bricklayer.http.account-base-url}, {@code account-id}), its pace
 * {@code bricklayer.http.account-requests-per-second}.
 *
 * @param automaticIdentityManagement whether the account syncs users, groups and memberships from Entra ID (automatic
 *                                    identity management): Bricklayer then creates no account user and changes no
 *                                    membership, resolves people by their Entra ID object id (the HR events'
 *                                    {@code entraObjectId}) and groups by {@link #entraGroupIds}, and still owns
 *                                    workspace assignments, entitlements and Unity Catalog grants
 * @param entraGroupIds               with automatic identity management, the Entra ID object id of each group of the
 *                                    blueprints, by display name; a group not listed is looked up by its display name
 * @param membershipFlush             while a batch's account users are made, how often the memberships of those made so
 *                                    far are sent (one PATCH per account group): longer than a workspace's
 *                                    {@code membership-flush}, as the account takes about 2 PATCHes and 5 creations a
 *                                    second [K] — fewer, fuller PATCHes
 */
@Validated
@ConfigurationProperties("bricklayer.identity.account")
public record AccountScopeProperties(@DefaultValue("false") boolean automaticIdentityManagement, Map<String, String> entraGroupIds,
                                     @DefaultValue("5s") @NotNull Duration membershipFlush) {

    public AccountScopeProperties {
        entraGroupIds = entraGroupIds == null ? Map.of() : Map.copyOf(entraGroupIds);
    }
}
