package dev.bricklayer.emulator.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The users, groups and service principals of one workspace, kept as SCIM JSON documents (the form the SCIM
 * API reads and patches). Group membership lives in the group's {@code members}; a principal's
 * {@code groups} is derived. Every workspace starts with the {@code admins} and {@code users} groups, and every
 * user and service principal is a member of {@code users}. An account's store ({@link #forAccount}) has no such
 * groups, and its groups are account groups ({@code meta.resourceType} {@code Group}). In an identity-federated
 * workspace, the account's principals assigned to it are kept here too, under their account ids
 * ({@link #mirror}), beside the workspace's own.
 * All methods synchronize on the store.
 */
public final class IdentityStore {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String SERVICE_PRINCIPAL_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";

    private final ObjectMapper mapper;
    private final AtomicLong ids;
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, ObjectNode> servicePrincipals = new LinkedHashMap<>();
    private final java.util.Set<String> accountPrincipals = new java.util.LinkedHashSet<>();
    /** Every principal's direct groups while {@link #withMemberships} runs; {@code null} otherwise. */
    private Map<String, List<String>> memberships;
    private final String groupResourceType;
    private final String adminsId;
    private final String usersId;

    public IdentityStore(ObjectMapper mapper, long idSeed) {
        this(mapper, idSeed, "WorkspaceGroup", true);
    }

    private IdentityStore(ObjectMapper mapper, long idSeed, String groupResourceType, boolean systemGroups) {
        this.mapper = mapper;
        this.ids = new AtomicLong(idSeed);
        this.groupResourceType = groupResourceType;
        this.adminsId = systemGroups ? createGroup("admins").get("id").asText() : null;
        this.usersId = systemGroups ? createGroup("users").get("id").asText() : null;
    }

    /** The users, groups and service principals of an account: no system groups, account groups. */
    public static IdentityStore forAccount(ObjectMapper mapper, long idSeed) {
        return new IdentityStore(mapper, idSeed, "Group", false);
    }

    /** A new numeric id, unique in this workspace, shaped like Databricks ids. */
    public String nextId() {
        return String.valueOf(ids.incrementAndGet());
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public synchronized Map<String, ObjectNode> users() {
        return users;
    }

    public synchronized Map<String, ObjectNode> groups() {
        return groups;
    }

    public synchronized Map<String, ObjectNode> servicePrincipals() {
        return servicePrincipals;
    }

    public String adminsGroupId() {
        return adminsId;
    }

    public String usersGroupId() {
        return usersId;
    }

    public synchronized Optional<ObjectNode> userByName(String userName) {
        String wanted = userName.toLowerCase(Locale.ROOT);
        return users.values().stream()
                .filter(u -> u.path("userName").asText().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    public synchronized Optional<ObjectNode> servicePrincipalByApplicationId(String applicationId) {
        return servicePrincipals.values().stream()
                .filter(sp -> sp.path("applicationId").asText().equalsIgnoreCase(applicationId))
                .findFirst();
    }

    public synchronized Optional<ObjectNode> groupByName(String displayName) {
        return groups.values().stream().filter(g -> g.path("displayName").asText().equals(displayName)).findFirst();
    }

    /** Any principal (user, service principal or group) by SCIM id. */
    public synchronized Optional<ObjectNode> principal(String id) {
        return Optional.ofNullable(users.get(id)).or(() -> Optional.ofNullable(servicePrincipals.get(id)))
                .or(() -> Optional.ofNullable(groups.get(id)));
    }

    public synchronized ObjectNode createUser(String userName, String displayName) {
        ObjectNode user = mapper.createObjectNode();
        user.putArray("schemas").add(USER_SCHEMA);
        user.put("id", nextId());
        user.put("userName", userName);
        user.put("displayName", displayName != null ? displayName : userName);
        user.put("active", true);
        ArrayNode emails = user.putArray("emails");
        emails.addObject().put("type", "work").put("value", userName).put("primary", true);
        users.put(user.get("id").asText(), user);
        if (usersId != null) {
            addMember(usersId, user.get("id").asText());
        }
        return user;
    }

    public synchronized ObjectNode createServicePrincipal(String applicationId, String displayName) {
        ObjectNode sp = mapper.createObjectNode();
        sp.putArray("schemas").add(SERVICE_PRINCIPAL_SCHEMA);
        sp.put("id", nextId());
        sp.put("applicationId", applicationId);
        sp.put("displayName", displayName != null ? displayName : applicationId);
        sp.put("active", true);
        servicePrincipals.put(sp.get("id").asText(), sp);
        if (usersId != null) {
            addMember(usersId, sp.get("id").asText());
        }
        return sp;
    }

    public synchronized ObjectNode createGroup(String displayName) {
        ObjectNode group = mapper.createObjectNode();
        group.putArray("schemas").add(GROUP_SCHEMA);
        group.put("id", nextId());
        group.put("displayName", displayName);
        group.putArray("members");
        group.putObject("meta").put("resourceType", groupResourceType);
        groups.put(group.get("id").asText(), group);
        return group;
    }

    /** Adds a member (user, service principal or group id) to a group; no-op when already a member. */
    public synchronized void addMember(String groupId, String memberId) {
        addMembers(groupId, List.of(memberId));
    }

    /** Adds members to a group, each once; in one pass over the group's members, however many are added. */
    public synchronized void addMembers(String groupId, java.util.Collection<String> memberIds) {
        ArrayNode members = groups.get(groupId).withArray("members");
        java.util.Set<String> present = new java.util.HashSet<>();
        members.forEach(existing -> present.add(existing.path("value").asText()));
        for (String memberId : memberIds) {
            if (present.add(memberId)) {
                ObjectNode member = principal(memberId).orElseThrow();
                ObjectNode entry = members.addObject();
                entry.put("value", memberId);
                entry.put("display", member.has("userName") ? member.path("displayName").asText(member.path("userName").asText())
                        : member.path("displayName").asText());
                entry.put("$ref", refOf(memberId) + "/" + memberId);
            }
        }
    }

    public synchronized void removeMember(String groupId, String memberId) {
        ArrayNode members = groups.get(groupId).withArray("members");
        for (int i = members.size() - 1; i >= 0; i--) {
            if (members.get(i).path("value").asText().equals(memberId)) {
                members.remove(i);
            }
        }
    }

    /**
     * Runs {@code work} (rendering many principals, e.g. a list) with every principal's direct groups read once, in one
     * pass over the groups' members, instead of once per principal. The store's lock is held throughout, so nothing
     * changes meanwhile.
     */
    public synchronized <T> T withMemberships(java.util.function.Supplier<T> work) {
        Map<String, List<String>> before = memberships;
        Map<String, List<String>> all = new java.util.HashMap<>();
        groups.forEach((id, group) -> group.withArray("members")
                .forEach(member -> all.computeIfAbsent(member.path("value").asText(), k -> new ArrayList<>()).add(id)));
        memberships = all;
        try {
            return work.get();
        } finally {
            memberships = before;
        }
    }

    /** The ids of the groups {@code principalId} is a direct member of. */
    public synchronized List<String> directGroupsOf(String principalId) {
        if (memberships != null) {
            return new ArrayList<>(memberships.getOrDefault(principalId, List.of()));
        }
        List<String> result = new ArrayList<>();
        groups.forEach((id, group) -> {
            for (JsonNode member : group.withArray("members")) {
                if (member.path("value").asText().equals(principalId)) {
                    result.add(id);
                }
            }
        });
        return result;
    }

    /** Direct and nested group ids of {@code principalId}. */
    public synchronized List<String> allGroupsOf(String principalId) {
        List<String> result = new ArrayList<>();
        List<String> frontier = directGroupsOf(principalId);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (String groupId : frontier) {
                if (!result.contains(groupId)) {
                    result.add(groupId);
                    next.addAll(directGroupsOf(groupId));
                }
            }
            frontier = next;
        }
        return result;
    }

    public synchronized boolean isAdmin(String principalId) {
        return allGroupsOf(principalId).contains(adminsId);
    }

    /**
     * Keeps a principal of the account in this workspace under its account id: {@code fields} (the account's own
     * attributes) replace those of an earlier copy, what the workspace added (entitlements) stays. Its kind is that of
     * {@code fields}: {@code userName} makes a user, {@code applicationId} a service principal, else a group.
     */
    public synchronized ObjectNode mirror(ObjectNode fields) {
        String id = fields.get("id").asText();
        Map<String, ObjectNode> kind = fields.has("userName") ? users : fields.has("applicationId") ? servicePrincipals : groups;
        ObjectNode copy = kind.computeIfAbsent(id, k -> mapper.createObjectNode());
        JsonNode entitlements = copy.get("entitlements");
        JsonNode members = copy.get("members");
        copy.removeAll();
        copy.setAll(fields.deepCopy());
        copy.remove(List.of("account_id", "roles"));
        if (entitlements != null) {
            copy.set("entitlements", entitlements);
        }
        if (kind == groups) {
            copy.set("members", members != null ? members : mapper.createArrayNode());
            copy.putObject("meta").put("resourceType", "Group");
        }
        accountPrincipals.add(id);
        return copy;
    }

    /** Whether {@code id} is an account principal kept here by {@link #mirror}. */
    public synchronized boolean isAccountPrincipal(String id) {
        return accountPrincipals.contains(id);
    }

    /** The ids of the account principals kept here. */
    public synchronized java.util.Set<String> accountPrincipalIds() {
        return new java.util.LinkedHashSet<>(accountPrincipals);
    }

    /** Deletes a principal and its memberships. */
    public synchronized boolean delete(String id) {
        accountPrincipals.remove(id);
        boolean removed = users.remove(id) != null || servicePrincipals.remove(id) != null || groups.remove(id) != null;
        if (removed) {
            groups.keySet().forEach(groupId -> removeMember(groupId, id));
        }
        return removed;
    }

    private String refOf(String id) {
        if (users.containsKey(id)) {
            return "Users";
        }
        if (servicePrincipals.containsKey(id)) {
            return "ServicePrincipals";
        }
        return "Groups";
    }
}
