package dev.bricklayer.emulator.workspace.scim;

import dev.bricklayer.emulator.workspace.IdentityStore;

/** The three SCIM resource types of a workspace: what tells two apart and how a duplicate is reported. */
enum ScimResourceType {
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

    String notFound(String id) {
        return (this == SERVICE_PRINCIPALS ? "Service principal" : noun) + " with id " + id + " is not found";
    }
}
