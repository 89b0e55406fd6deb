package dev.bricklayer.token.permissions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/**
 * Who may use personal access tokens: the Permissions API on {@code /api/2.0/permissions/authorization/tokens}.
 * Databricks answers 404 {@code RESOURCE_DOES_NOT_EXIST} ("tokens tokens does not exist") while the workspace holds
 * no token at all.
 */
public class TokenPermissionsClient {

    private final ApiClientFactory clients;

    public TokenPermissionsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** One entry of an answer: a principal and its levels (direct or inherited). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AccessControl(
            @JsonProperty("user_name") String userName,
            @JsonProperty("group_name") String groupName,
            @JsonProperty("service_principal_name") String servicePrincipalName,
            @JsonProperty("all_permissions") List<Permission> allPermissions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Permission(@JsonProperty("permission_level") String permissionLevel, @JsonProperty("inherited") boolean inherited) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ObjectPermissions(@JsonProperty("object_id") String objectId,
                                    @JsonProperty("access_control_list") List<AccessControl> accessControlList) {

        public List<AccessControl> entries() {
            return accessControlList == null ? List.of() : accessControlList;
        }
    }

    /** One entry of a request: exactly one of the three principal fields, and a level. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessControlRequest(
            @JsonProperty("user_name") String userName,
            @JsonProperty("group_name") String groupName,
            @JsonProperty("service_principal_name") String servicePrincipalName,
            @JsonProperty("permission_level") String permissionLevel) {

        public static AccessControlRequest group(String name, String level) {
            return new AccessControlRequest(null, name, null, level);
        }

        public static AccessControlRequest servicePrincipal(String applicationId, String level) {
            return new AccessControlRequest(null, null, applicationId, level);
        }
    }

    /** GET {@code /api/2.0/permissions/authorization/tokens}. */
    public Mono<ObjectPermissions> get(WorkspaceTarget workspace) {
        return clients.workspace(workspace).get()
                .uri("/api/2.0/permissions/authorization/tokens")
                .retrieve().bodyToMono(ObjectPermissions.class);
    }

    /** PUT {@code /api/2.0/permissions/authorization/tokens}: replaces every direct entry. */
    public Mono<ObjectPermissions> set(WorkspaceTarget workspace, List<AccessControlRequest> entries) {
        return clients.workspace(workspace).put()
                .uri("/api/2.0/permissions/authorization/tokens")
                .bodyValue(Map.of("access_control_list", entries))
                .retrieve().bodyToMono(ObjectPermissions.class);
    }
}
