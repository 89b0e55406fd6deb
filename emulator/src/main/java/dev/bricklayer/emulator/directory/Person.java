package dev.bricklayer.emulator.directory;

/**
 * A user object of an Entra ID tenant (a person), as automatic identity management reads it.
 *
 * @param tenantId          the tenant
 * @param objectId          the object id: what Azure Databricks calls the user's external id
 * @param userPrincipalName the sign-in name, which becomes the Databricks {@code userName}
 * @param displayName       display name
 * @param givenName         given name, or {@code null}
 * @param familyName        family name, or {@code null}
 */
public record Person(String tenantId, String objectId, String userPrincipalName, String displayName, String givenName,
                     String familyName) {
}
