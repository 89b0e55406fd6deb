package dev.bricklayer.common.events.workspace;

import java.util.List;
import java.util.Objects;

/**
 * A desired service principal of a workspace.
 *
 * @param applicationId the Entra ID application (client) id
 * @param displayName   display name
 * @param entitlements  entitlements of the service principal
 */
public record ServicePrincipalSpec(String applicationId, String displayName, List<Entitlement> entitlements) {

    public ServicePrincipalSpec {
        Objects.requireNonNull(applicationId, "applicationId");
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
    }
}
