package dev.bricklayer.identity.account;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shapes of the account host's non-SCIM APIs that identity-service reads and writes (reference §7.3, §7.5):
 * workspace assignment and identity resolution by Entra ID object id. Account SCIM speaks SCIM 2.0: its shapes are
 * {@code scim.ScimModel}'s.
 */
public final class AccountModel {

    private AccountModel() {
    }

    /** The body of a workspace assignment: {@code {"permissions": ["USER"]}} or {@code ["ADMIN"]}. */
    public record PermissionsRequest(List<String> permissions) {
    }

    /** A {@code PermissionAssignment}; {@code error} set in a 200 answer means the assignment was not made. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PermissionAssignment(String error, List<String> permissions, AssignedPrincipal principal) {

        public PermissionAssignment {
            permissions = permissions == null ? List.of() : permissions;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AssignedPrincipal(@JsonProperty("principal_id") String principalId, @JsonProperty("display_name") String displayName,
                                    @JsonProperty("user_name") String userName, @JsonProperty("group_name") String groupName,
                                    @JsonProperty("service_principal_name") String servicePrincipalName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PermissionAssignments(@JsonProperty("permission_assignments") List<PermissionAssignment> assignments) {

        public PermissionAssignments {
            assignments = assignments == null ? List.of() : assignments;
        }
    }

    /** The body of a resolution: the principal's Entra ID object id. */
    public record ResolveRequest(@JsonProperty("external_id") String externalId) {
    }

    /** An account user as the identity API v2 shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdentityUser(@JsonProperty("user_id") String userId, String username, @JsonProperty("external_id") String externalId,
                               @JsonProperty("account_user_status") String status) {

        public boolean active() {
            return !"INACTIVE".equals(status);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResolvedUser(IdentityUser user) {
    }

    /** An account group as the identity API v2 shows it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdentityGroup(@JsonProperty("group_id") String groupId, @JsonProperty("group_name") String groupName,
                                @JsonProperty("external_id") String externalId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResolvedGroup(IdentityGroup group) {
    }
}
