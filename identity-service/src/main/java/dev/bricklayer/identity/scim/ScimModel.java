package dev.bricklayer.identity.scim;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The SCIM 2.0 shapes of the workspace SCIM API that identity-service reads and writes. */
public final class ScimModel {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String SERVICE_PRINCIPAL_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";
    public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimModel() {
    }

    /** A multi-valued attribute's entry: group membership, entitlement, e-mail. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Value(String value, String display, String type, @JsonProperty("$ref") String ref, Boolean primary) {

        public static Value of(String value) {
            return new Value(value, null, null, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Name(String givenName, String familyName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(String id, String userName, String displayName, Boolean active, List<Value> entitlements, List<Value> groups) {

        public User {
            entitlements = entitlements == null ? List.of() : entitlements;
            groups = groups == null ? List.of() : groups;
        }

        public boolean isActive() {
            return active == null || active;
        }
    }

    /** The body of a user creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewUser(List<String> schemas, String userName, String displayName, Name name, List<Value> emails, boolean active,
                          List<Value> entitlements) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Group(String id, String displayName, List<Value> members, List<Value> entitlements) {

        public Group {
            members = members == null ? List.of() : members;
            entitlements = entitlements == null ? List.of() : entitlements;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewGroup(List<String> schemas, String displayName, List<Value> entitlements) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServicePrincipal(String id, String applicationId, String displayName, Boolean active, List<Value> entitlements) {

        public ServicePrincipal {
            entitlements = entitlements == null ? List.of() : entitlements;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewServicePrincipal(List<String> schemas, String applicationId, String displayName, boolean active,
                                      List<Value> entitlements) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ListResponse<T>(Integer totalResults, Integer startIndex, Integer itemsPerPage,
                                  @JsonProperty("Resources") List<T> resources) {

        public ListResponse {
            resources = resources == null ? List.of() : resources;
        }
    }

    /** One operation of a PATCH ({@code op} add, remove or replace). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Operation(String op, String path, Object value) {

        public static Operation add(String path, Object value) {
            return new Operation("add", path, value);
        }

        public static Operation remove(String path, Object value) {
            return new Operation("remove", path, value);
        }

        public static Operation replace(String path, Object value) {
            return new Operation("replace", path, value);
        }

        /** Removes one member of a group: {@code members[value eq "id"]}. */
        public static Operation removeMember(String memberId) {
            return new Operation("remove", "members[value eq " + quoted(memberId) + "]", null);
        }
    }

    public record PatchRequest(List<String> schemas, @JsonProperty("Operations") List<Operation> operations) {

        public static PatchRequest of(List<Operation> operations) {
            return new PatchRequest(List.of(PATCH_SCHEMA), List.copyOf(operations));
        }
    }

    /**
     * The operations of one group membership PATCH: one {@code add} of every new member, one {@code remove} per
     * member leaving ({@code members[value eq "id"]}).
     */
    public static List<Operation> membershipOperations(java.util.Set<String> adds, java.util.Set<String> removes) {
        List<Operation> operations = new java.util.ArrayList<>();
        if (!adds.isEmpty()) {
            operations.add(Operation.add("members", adds.stream().map(Value::of).toList()));
        }
        removes.forEach(id -> operations.add(Operation.removeMember(id)));
        return operations;
    }

    /** A SCIM filter string literal. */
    public static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static List<Value> values(java.util.Collection<String> values) {
        return values.stream().map(Value::of).toList();
    }
}
