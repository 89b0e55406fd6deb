package dev.bricklayer.identity.permissions;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import reactor.core.publisher.Mono;

/**
 * The Permissions API of a workspace, {@code /api/2.0/permissions/{type}/{id}}: PATCH merges entries into an
 * object's access control list, PUT replaces every direct entry.
 */
public class PermissionsClient {

    private final ApiClientFactory clients;

    public PermissionsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code PATCH /api/2.0/permissions/{type}/{id}}: adds (or changes) the given entries. */
    public Mono<ObjectPermissions> update(WorkspaceTarget workspace, String type, String id, List<AccessControl> entries) {
        return clients.workspace(workspace).patch().uri("/api/2.0/permissions/" + type + "/{id}", id)
                .bodyValue(new AccessControlList(entries)).retrieve().bodyToMono(ObjectPermissions.class);
    }

    /** {@code PUT /api/2.0/permissions/{type}/{id}}: the given entries become the object's whole direct ACL. */
    public Mono<ObjectPermissions> set(WorkspaceTarget workspace, String type, String id, List<AccessControl> entries) {
        return clients.workspace(workspace).put().uri("/api/2.0/permissions/" + type + "/{id}", id)
                .bodyValue(new AccessControlList(entries)).retrieve().bodyToMono(ObjectPermissions.class);
    }

    /** {@code GET /api/2.0/permissions/{type}/{id}}. */
    public Mono<ObjectPermissions> get(WorkspaceTarget workspace, String type, String id) {
        return clients.workspace(workspace).get().uri("/api/2.0/permissions/" + type + "/{id}", id)
                .retrieve().bodyToMono(ObjectPermissions.class);
    }

    /** One entry: exactly one of the three principal names, and the level. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessControl(@JsonProperty("user_name") String userName, @JsonProperty("group_name") String groupName,
                                @JsonProperty("service_principal_name") String servicePrincipalName,
                                @JsonProperty("permission_level") String permissionLevel) {
    }

    public record AccessControlList(@JsonProperty("access_control_list") List<AccessControl> accessControlList) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ObjectPermissions(@JsonProperty("object_id") String objectId, @JsonProperty("object_type") String objectType,
                                    @JsonProperty("access_control_list") List<Entry> accessControlList) {

        public ObjectPermissions {
            accessControlList = accessControlList == null ? List.of() : accessControlList;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(@JsonProperty("user_name") String userName, @JsonProperty("group_name") String groupName,
                        @JsonProperty("service_principal_name") String servicePrincipalName,
                        @JsonProperty("all_permissions") List<Permission> allPermissions) {

        public Entry {
            allPermissions = allPermissions == null ? List.of() : allPermissions;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Permission(@JsonProperty("permission_level") String permissionLevel, Boolean inherited) {
    }
}
