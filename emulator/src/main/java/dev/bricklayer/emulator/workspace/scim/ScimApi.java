package dev.bricklayer.emulator.workspace.scim;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.AccountIdentities;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import reactor.core.publisher.Mono;

/**
 * SCIM 2.0 of a workspace, {@code /api/2.0/preview/scim/v2/{Users,Groups,ServicePrincipals,Me}} ({@link ScimEndpoints}
 * with this dialect): resources show the groups they are in, only workspace admins write ({@link ScimRules}), and a
 * workspace holds at most 10,000 users and service principals and 5,000 groups.
 *
 * <p>In an identity-federated workspace (reference §7.7) a user or service principal created here is the account's,
 * assigned to the workspace; deleting it takes the assignment away. Account groups assigned to the workspace show
 * {@code meta.resourceType} {@code Group}: only their entitlements can be changed here, and they cannot become members
 * of the workspace's groups (400, [K] the status and text: "Workspace-level SCIM API calls will fail if they involve
 * account groups").
 */
@Component
public class ScimApi implements WorkspaceApi, ScimDialect {

    static final String BASE = "/api/2.0/preview/scim/v2";

    private final ScimEndpoints endpoints;
    private final ObjectProvider<AccountIdentities> accounts;

    public ScimApi(JsonBodies bodies, ObjectProvider<AccountIdentities> accounts) {
        this.endpoints = new ScimEndpoints(this, bodies);
        this.accounts = accounts;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return endpoints.addTo(RouterFunctions.route().GET(BASE + "/Me", this::me)).build();
    }

    private Mono<ServerResponse> me(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        ObjectNode self = workspace.identities().principal(Caller.of(request).id()).orElseThrow();
        return JsonBodies.ok(render(request, workspace.identities(), self, ScimResourceType.USERS, false));
    }

    @Override
    public String base() {
        return BASE;
    }

    @Override
    public IdentityStore identities(ServerRequest request) {
        return EmulatedWorkspace.of(request).identities();
    }

    @Override
    public void requireWriter(ServerRequest request) {
        ScimRules.requireAdmin(request);
    }

    @Override
    public ObjectNode render(ServerRequest request, IdentityStore identities, ObjectNode resource, ScimResourceType type,
                             boolean listing) {
        ObjectNode copy = resource.deepCopy();
        String id = copy.get("id").asText();
        List<String> direct = identities.directGroupsOf(id);
        List<String> all = identities.allGroupsOf(id);
        if (!all.isEmpty()) {
            ArrayNode groups = copy.putArray("groups");
            for (String groupId : all) {
                ObjectNode group = identities.groups().get(groupId);
                groups.addObject().put("display", group.path("displayName").asText()).put("type",
                        direct.contains(groupId) ? "direct" : "indirect").put("value", groupId).put("$ref", "Groups/" + groupId);
            }
        }
        return copy;
    }

    @Override
    public String duplicateDetail(ScimResourceType type, String unique) {
        return String.format(type.duplicateDetail, unique);
    }

    @Override
    public void checkAttributes(ScimResourceType type, JsonNode values) {
        // a workspace manages every attribute, entitlements included
    }

    @Override
    public int filterNodeLimit() {
        return 0;
    }

    @Override
    public void requireRoomFor(IdentityStore identities, ScimResourceType type) {
        ScimRules.requireRoomFor(identities, type);
    }

    @Override
    public Optional<ObjectNode> createElsewhere(ServerRequest request, ScimResourceType type, String unique, ObjectNode body) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        AccountIdentities account = accounts.getIfAvailable();
        if (type == ScimResourceType.GROUPS || account == null || !account.federated(workspace)) {
            return Optional.empty();
        }
        IdentityStore identities = workspace.identities();
        synchronized (identities) {
            if (type.exists(identities, unique)) {
                throw EmulatorException.scim(409, duplicateDetail(type, unique), null);
            }
            ScimRules.requireRoomFor(identities, type);
        }
        JsonNode displayName = body.get("displayName");
        return Optional.of(account.addToWorkspace(workspace, type == ScimResourceType.SERVICE_PRINCIPALS, unique,
                displayName == null || displayName.isNull() ? null : displayName.asText(), false));
    }

    @Override
    public void checkChange(IdentityStore identities, ObjectNode resource, JsonNode operations) {
        if (!isAccountGroup(identities, resource.get("id").asText())) {
            return;
        }
        boolean entitlementsOnly = operations != null && operations.size() > 0;
        if (operations != null) {
            for (JsonNode operation : operations) {
                entitlementsOnly &= "entitlements".equals(operation.path("path").asText());
            }
        }
        if (!entitlementsOnly) {
            throw accountGroupRefused(resource.path("displayName").asText());
        }
    }

    @Override
    public void checkMember(IdentityStore identities, String memberId) {
        if (isAccountGroup(identities, memberId)) {
            throw accountGroupRefused(identities.groups().get(memberId).path("displayName").asText());
        }
    }

    @Override
    public boolean deleteElsewhere(ServerRequest request, IdentityStore identities, String id) {
        if (!identities.isAccountPrincipal(id)) {
            return false;
        }
        if (identities.groups().containsKey(id)) {
            throw accountGroupRefused(identities.groups().get(id).path("displayName").asText());
        }
        accounts.getObject().removeFromWorkspace(EmulatedWorkspace.of(request), id);
        return true;
    }

    private static boolean isAccountGroup(IdentityStore identities, String id) {
        return identities.isAccountPrincipal(id) && identities.groups().containsKey(id);
    }

    private static EmulatorException accountGroupRefused(String name) {
        return EmulatorException.scim(400, "Group " + name + " is an account group: its members and name are managed at "
                + "the account level, only its entitlements in this workspace", "invalidValue");
    }
}
