package dev.bricklayer.emulator.account;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.directory.DirectoryGroup;
import dev.bricklayer.emulator.directory.Person;
import dev.bricklayer.emulator.server.AccountApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.IdentityStore;
import reactor.core.publisher.Mono;

/**
 * Automatic identity management (reference §7.5): {@code POST /api/2.0/identity/accounts/{account_id}/{users,groups,
 * service-principals}/resolve-by-external-id} {@code {"external_id": "<Entra ID object id>"}} answers {@code {"user"}},
 * {@code {"group"}} or {@code {"service_principal"}} in the iamv2 shapes, making the account principal from the tenant's
 * directory on first use (an existing one of the same user name or application id gets the external id). A group made
 * so has the members of the Entra ID group that the account already has [K]. An account without automatic identity
 * management ({@code emulator.tenants[].account.automatic-identity-management}) answers 400 {@code FEATURE_DISABLED}, an
 * object id the directory does not have 404 {@code RESOURCE_DOES_NOT_EXIST} ([K] both).
 */
@Component
public class IdentityResolution implements AccountApi {

    enum Kind { USERS, GROUPS, SERVICE_PRINCIPALS }

    private final Directory directory;
    private final Federation federation;
    private final JsonBodies bodies;

    IdentityResolution(Directory directory, Federation federation, JsonBodies bodies) {
        this.directory = directory;
        this.federation = federation;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        String base = "/api/2.0/identity/accounts/{account_id}";
        return RouterFunctions.route()
                .POST(base + "/users/resolve-by-external-id", request -> resolve(request, AccountCall.of(request).account(), Kind.USERS))
                .POST(base + "/groups/resolve-by-external-id", request -> resolve(request, AccountCall.of(request).account(), Kind.GROUPS))
                .POST(base + "/service-principals/resolve-by-external-id", request ->
                        resolve(request, AccountCall.of(request).account(), Kind.SERVICE_PRINCIPALS))
                .build();
    }

    Mono<ServerResponse> resolve(ServerRequest request, Account account, Kind kind) {
        if (!account.automaticIdentityManagement()) {
            throw EmulatorException.databricks(400, "FEATURE_DISABLED", "Account " + account.id()
                    + " is not onboarded onto Automatic Identity Management.");
        }
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String externalId = body.path("external_id").asText("");
            if (externalId.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "external_id is required.");
            }
            ObjectNode principal;
            IdentityStore identities = account.identities();
            synchronized (identities) {
                principal = switch (kind) {
                    case USERS -> user(account, externalId);
                    case GROUPS -> group(account, externalId);
                    case SERVICE_PRINCIPALS -> servicePrincipal(account, externalId);
                };
                principal.put("externalId", externalId);
                principal = principal.deepCopy();
            }
            federation.accountChanged(account);
            return JsonBodies.ok(switch (kind) {
                case USERS -> Map.of("user", userV2(account, principal));
                case GROUPS -> Map.of("group", groupV2(account, principal));
                case SERVICE_PRINCIPALS -> Map.of("service_principal", servicePrincipalV2(account, principal));
            });
        });
    }

    private ObjectNode user(Account account, String externalId) {
        IdentityStore identities = account.identities();
        Optional<ObjectNode> linked = byExternalId(identities.users(), externalId);
        if (linked.isPresent()) {
            return linked.get();
        }
        Person person = directory.person(account.tenantId(), externalId).orElseThrow(() -> unknown("user", externalId));
        ObjectNode user = identities.userByName(person.userPrincipalName())
                .orElseGet(() -> identities.createUser(person.userPrincipalName(), person.displayName()));
        if (person.givenName() != null || person.familyName() != null) {
            ObjectNode name = user.putObject("name");
            Optional.ofNullable(person.givenName()).ifPresent(given -> name.put("givenName", given));
            Optional.ofNullable(person.familyName()).ifPresent(family -> name.put("familyName", family));
        }
        return user;
    }

    private ObjectNode group(Account account, String externalId) {
        IdentityStore identities = account.identities();
        Optional<ObjectNode> linked = byExternalId(identities.groups(), externalId);
        if (linked.isPresent()) {
            return linked.get();
        }
        DirectoryGroup entra = directory.group(account.tenantId(), externalId).orElseThrow(() -> unknown("group", externalId));
        ObjectNode group = identities.groupByName(entra.displayName()).orElseGet(() -> identities.createGroup(entra.displayName()));
        for (String member : entra.memberObjectIds()) {
            java.util.stream.Stream.of(identities.users(), identities.servicePrincipals(), identities.groups())
                    .map(principals -> byExternalId(principals, member)).flatMap(Optional::stream).findFirst()
                    .ifPresent(found -> identities.addMember(group.get("id").asText(), found.get("id").asText()));
        }
        return group;
    }

    private ObjectNode servicePrincipal(Account account, String externalId) {
        IdentityStore identities = account.identities();
        Optional<ObjectNode> linked = byExternalId(identities.servicePrincipals(), externalId);
        if (linked.isPresent()) {
            return linked.get();
        }
        EmulatorProperties.ServicePrincipal app = directory.servicePrincipalByObjectId(account.tenantId(), externalId)
                .orElseThrow(() -> unknown("service principal", externalId));
        return identities.servicePrincipalByApplicationId(app.clientId())
                .orElseGet(() -> identities.createServicePrincipal(app.clientId(), app.displayName()));
    }

    private static Optional<ObjectNode> byExternalId(Map<String, ObjectNode> principals, String externalId) {
        return principals.values().stream().filter(p -> externalId.equalsIgnoreCase(p.path("externalId").asText())).findFirst();
    }

    private static EmulatorException unknown(String what, String externalId) {
        return EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "No " + what + " with external ID " + externalId
                + " in the identity provider.");
    }

    private static Map<String, Object> userV2(Account account, JsonNode user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_id", account.id());
        body.put("user_id", user.get("id").asText());
        body.put("external_id", user.path("externalId").asText());
        body.put("username", user.path("userName").asText());
        Map<String, Object> fullName = new LinkedHashMap<>();
        if (user.path("name").has("givenName")) {
            fullName.put("given_name", user.path("name").path("givenName").asText());
        }
        if (user.path("name").has("familyName")) {
            fullName.put("family_name", user.path("name").path("familyName").asText());
        }
        body.put("full_name", fullName);
        body.put("account_user_status", user.path("active").asBoolean(true) ? "ACTIVE" : "INACTIVE");
        return body;
    }

    private static Map<String, Object> groupV2(Account account, JsonNode group) {
        return Map.of("account_id", account.id(), "group_id", group.get("id").asText(), "external_id",
                group.path("externalId").asText(), "group_name", group.path("displayName").asText());
    }

    private static Map<String, Object> servicePrincipalV2(Account account, JsonNode sp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account_id", account.id());
        body.put("service_principal_id", sp.get("id").asText());
        body.put("application_id", sp.path("applicationId").asText());
        body.put("display_name", sp.path("displayName").asText());
        body.put("external_id", sp.path("externalId").asText());
        body.put("account_sp_status", sp.path("active").asBoolean(true) ? "ACTIVE" : "INACTIVE");
        return body;
    }
}
