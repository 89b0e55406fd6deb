package dev.bricklayer.emulator.workspace.scim;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.workspace.IdentityStore;

/** The three SCIM resource types of a workspace: what tells two apart and how a duplicate is reported. */
public enum ScimResourceType {
    USERS("Users", "User", IdentityStore.USER_SCHEMA, "userName", "User with username %s already exists."),
    GROUPS("Groups", "Group", IdentityStore.GROUP_SCHEMA, "displayName", "Group with name %s already exists."),
    SERVICE_PRINCIPALS("ServicePrincipals", "ServicePrincipal", IdentityStore.SERVICE_PRINCIPAL_SCHEMA, "applicationId",
            "Service principal with application ID %s already exists.");

    final String path;
    final String noun;
    final String schema;
    final String uniqueAttribute;
    final String duplicateDetail;

    ScimResourceType(String path, String noun, String schema, String uniqueAttribute, String duplicateDetail) {
        this.path = path;
        this.noun = noun;
        this.schema = schema;
        this.uniqueAttribute = uniqueAttribute;
        this.duplicateDetail = duplicateDetail;
    }

    /** The resources of this type, by id. */
    public Map<String, ObjectNode> resources(IdentityStore identities) {
        return switch (this) {
            case USERS -> identities.users();
            case GROUPS -> identities.groups();
            case SERVICE_PRINCIPALS -> identities.servicePrincipals();
        };
    }

    /** Whether a resource with this identifying value exists. */
    public boolean exists(IdentityStore identities, String unique) {
        return switch (this) {
            case USERS -> identities.userByName(unique).isPresent();
            case GROUPS -> identities.groupByName(unique).isPresent();
            case SERVICE_PRINCIPALS -> identities.servicePrincipalByApplicationId(unique).isPresent();
        };
    }

    String notFound(String id) {
        return (this == SERVICE_PRINCIPALS ? "Service principal" : noun) + " with id " + id + " is not found";
    }
}
