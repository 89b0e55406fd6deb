package dev.bricklayer.emulator.account;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.AccountApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.emulator.workspace.scim.ScimDialect;
import dev.bricklayer.emulator.workspace.scim.ScimEndpoints;
import dev.bricklayer.emulator.workspace.scim.ScimResourceType;

/**
 * Account SCIM v2, {@code /api/2.0/accounts/{account_id}/scim/v2/{Users,Groups,ServicePrincipals}[/{id}]} (reference
 * §7.2; {@link ScimEndpoints} with this dialect): objects carry {@code account_id} and neither {@code entitlements}
 * (refused: 400 {@code entitlements can only be managed at the workspace level}) nor {@code groups}; {@code GET /Groups}
 * leaves {@code members} out unless the account is older than 2025-08-22; filters have at most 200 nodes (400
 * {@code INVALID_FILTER}); PATCH answers {@code {}}; roles ({@code account_admin}) are kept. Every write updates the
 * identity-federated workspaces of the account.
 */
@Component
class AccountScimApi implements AccountApi, ScimDialect {

    static final String BASE = "/api/2.0/accounts/{account_id}/scim/v2";
    private static final int FILTER_NODES = 200;

    private final ScimEndpoints endpoints;
    private final Federation federation;

    AccountScimApi(JsonBodies bodies, Federation federation) {
        this.endpoints = new ScimEndpoints(this, bodies);
        this.federation = federation;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return endpoints.addTo(RouterFunctions.route()).build();
    }

    @Override
    public String base() {
        return BASE;
    }

    @Override
    public IdentityStore identities(ServerRequest request) {
        return AccountCall.of(request).account().identities();
    }

    @Override
    public void requireWriter(ServerRequest request) {
        // the AccountGate let only account admins in
    }

    @Override
    public ObjectNode render(ServerRequest request, IdentityStore identities, ObjectNode resource, ScimResourceType type,
                             boolean listing) {
        Account account = AccountCall.of(request).account();
        ObjectNode copy = resource.deepCopy();
        copy.remove(List.of("entitlements", "groups"));
        if (type == ScimResourceType.GROUPS && listing && !account.groupListsWithMembers()) {
            copy.remove("members");
        }
        copy.put("account_id", account.id());
        return copy;
    }

    @Override
    public String duplicateDetail(ScimResourceType type, String unique) {
        return switch (type) {
            case USERS -> "User with email " + unique + " already exists in this account";
            case GROUPS -> "Group with name " + unique + " already exists.";
            case SERVICE_PRINCIPALS -> "Service principal with application ID " + unique + " already exists.";
        };
    }

    @Override
    public void checkAttributes(ScimResourceType type, JsonNode values) {
        if (values.has("entitlements")) {
            throw EmulatorException.scim(400, "entitlements can only be managed at the workspace level", "invalidValue");
        }
    }

    /** A user made without {@code name} gets one from its display name, as the documented example answers. */
    @Override
    public void complete(ScimResourceType type, ObjectNode created) {
        String displayName = created.path("displayName").asText("").trim();
        int space = displayName.indexOf(' ');
        if (type == ScimResourceType.USERS && !created.has("name") && space > 0) {
            created.putObject("name").put("givenName", displayName.substring(0, space))
                    .put("familyName", displayName.substring(space + 1).trim());
        }
    }

    @Override
    public int filterNodeLimit() {
        return FILTER_NODES;
    }

    @Override
    public void changed(ServerRequest request) {
        federation.accountChanged(AccountCall.of(request).account());
    }

    @Override
    public Object patched(ObjectNode rendered) {
        return Map.of();
    }
}
