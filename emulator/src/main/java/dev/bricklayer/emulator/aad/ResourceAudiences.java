package dev.bricklayer.emulator.aad;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.directory.Directory;

/** The audience of a token for a requested resource, shared by the token and the managed-identity endpoints. */
@Component
class ResourceAudiences {

    /** Resources the emulator issues tokens for, by the identifiers clients use. */
    static final Map<String, String> RESOURCES = Map.of(
            TokenIssuer.DATABRICKS_RESOURCE, TokenIssuer.DATABRICKS_RESOURCE,
            TokenIssuer.ARM_RESOURCE, TokenIssuer.ARM_RESOURCE,
            "https://management.azure.com", TokenIssuer.ARM_RESOURCE,
            TokenIssuer.SERVICE_MANAGEMENT_RESOURCE, TokenIssuer.SERVICE_MANAGEMENT_RESOURCE,
            "https://management.core.windows.net", TokenIssuer.SERVICE_MANAGEMENT_RESOURCE);

    private final Directory directory;

    ResourceAudiences(Directory directory) {
        this.directory = directory;
    }

    /**
     * The audience of a token for {@code resource}: a Microsoft resource of {@link #RESOURCES}, or an app of the
     * tenant by client id or by its default identifier URI {@code api://{clientId}} (an API such as
     * workspace-service's, whose tokens carry the client's app roles); {@code null} when there is none.
     */
    String audienceOf(Tenant tenant, String resource) {
        String known = RESOURCES.get(resource);
        if (known != null) {
            return known;
        }
        String clientId = resource.startsWith("api://") ? resource.substring("api://".length()) : resource;
        return directory.servicePrincipal(tenant, clientId).map(app -> resource).orElse(null);
    }
}
