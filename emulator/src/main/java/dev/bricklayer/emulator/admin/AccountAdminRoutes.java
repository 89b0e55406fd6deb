package dev.bricklayer.emulator.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.account.Account;
import dev.bricklayer.emulator.account.Accounts;
import dev.bricklayer.emulator.account.Federation;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.directory.DirectoryGroup;
import dev.bricklayer.emulator.directory.Person;
import dev.bricklayer.emulator.server.AdminApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.workspace.IdentityStore;
import reactor.core.publisher.Mono;

/**
 * The admin API's calls for the account world and the Entra ID directory behind it (seeding, as if done by people in
 * the account console or in Entra ID):
 * <ul>
 *   <li>{@code GET /admin/accounts}: every account with its id, tenant, host and metastores</li>
 *   <li>{@code POST /admin/accounts/{id}/users} {@code {"userName", "displayName"?, "roles"?: ["account_admin"]}},
 *       {@code …/service-principals} {@code {"applicationId", "displayName"?, "roles"?}}, {@code …/groups}
 *       {@code {"displayName", "members"?: [userName | applicationId | group name], "roles"?}}: account principals</li>
 *   <li>{@code POST /admin/accounts/{id}/metastores} {@code {"region", "name"?}}: a metastore</li>
 *   <li>{@code PUT /admin/accounts/{id}/automatic-identity-management} {@code {"enabled": true|false}}: the account's
 *       switch of automatic identity management</li>
 *   <li>{@code POST /admin/directory/people} {@code {"userPrincipalName", "displayName"?, "givenName"?, "familyName"?,
 *       "objectId"?, "tenantId"?}} and {@code POST /admin/directory/groups} {@code {"displayName", "members"?: [object ids],
 *       "objectId"?, "tenantId"?}}: people and groups of Entra ID (object id made when not given; the first tenant when
 *       none is named)</li>
 * </ul>
 */
@Component
public class AccountAdminRoutes implements AdminApi {

    private final Accounts accounts;
    private final Federation federation;
    private final Directory directory;
    private final JsonBodies bodies;
    private final EmulatorServers servers;
    private final Clock clock;

    public AccountAdminRoutes(Accounts accounts, Federation federation, Directory directory, JsonBodies bodies,
                              @Lazy EmulatorServers servers, Clock clock) {
        this.accounts = accounts;
        this.federation = federation;
        this.directory = directory;
        this.bodies = bodies;
        this.servers = servers;
        this.clock = clock;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/admin/accounts", request -> JsonBodies.ok(accounts.all().stream().map(this::describe).toList()))
                .POST("/admin/accounts/{id}/users", request -> seed(request, "userName"))
                .POST("/admin/accounts/{id}/service-principals", request -> seed(request, "applicationId"))
                .POST("/admin/accounts/{id}/groups", request -> seed(request, "displayName"))
                .POST("/admin/accounts/{id}/metastores", this::metastore)
                .PUT("/admin/accounts/{id}/automatic-identity-management", request -> {
                    Account account = accounts.require(request.pathVariable("id"));
                    return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
                        account.automaticIdentityManagement(body.path("enabled").asBoolean(false));
                        return JsonBodies.ok(describe(account));
                    });
                })
                .POST("/admin/directory/people", this::person)
                .POST("/admin/directory/groups", this::group)
                .build();
    }

    private Map<String, Object> describe(Account account) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", account.id());
        body.put("tenantId", account.tenantId());
        body.put("host", servers.accountBaseUrl());
        body.put("automaticIdentityManagement", account.automaticIdentityManagement());
        body.put("metastores", Federation.metastores(account).all());
        return body;
    }

    /** An account principal: a user ({@code userName}), service principal ({@code applicationId}) or group. */
    private Mono<ServerResponse> seed(ServerRequest request, String unique) {
        Account account = accounts.require(request.pathVariable("id"));
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String value = body.path(unique).asText("");
            if (value.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", unique + " is required");
            }
            IdentityStore identities = account.identities();
            ObjectNode principal;
            synchronized (identities) {
                String displayName = body.path("displayName").asText(null);
                principal = switch (unique) {
                    case "userName" -> identities.userByName(value).orElseGet(() -> identities.createUser(value, displayName));
                    case "applicationId" -> identities.servicePrincipalByApplicationId(value)
                            .orElseGet(() -> identities.createServicePrincipal(value, displayName));
                    default -> identities.groupByName(value).orElseGet(() -> identities.createGroup(value));
                };
                if (body.path("roles").isArray()) {
                    principal.set("roles", roles(body.get("roles")));
                }
                for (JsonNode member : body.path("members")) {
                    String id = identities.userByName(member.asText()).or(() -> identities.servicePrincipalByApplicationId(member.asText()))
                            .or(() -> identities.groupByName(member.asText())).orElseThrow(() -> EmulatorException.databricks(400,
                                    "INVALID_PARAMETER_VALUE", "no account principal " + member.asText())).get("id").asText();
                    identities.addMember(principal.get("id").asText(), id);
                }
                principal = principal.deepCopy();
            }
            federation.accountChanged(account);
            return JsonBodies.status(201, principal);
        });
    }

    private static JsonNode roles(JsonNode given) {
        var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        given.forEach(role -> array.addObject().put("value", role.isTextual() ? role.asText() : role.path("value").asText()));
        return array;
    }

    private Mono<ServerResponse> metastore(ServerRequest request) {
        Account account = accounts.require(request.pathVariable("id"));
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String region = body.path("region").asText("");
            if (region.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "region is required");
            }
            return JsonBodies.status(201, Federation.metastores(account).create(body.path("name").asText("metastore-" + region),
                    region, null, null, "System user", clock.millis()));
        });
    }

    private Mono<ServerResponse> person(ServerRequest request) {
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String upn = body.path("userPrincipalName").asText("");
            if (upn.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "userPrincipalName is required");
            }
            Person person = new Person(tenant(body), objectId(body), upn, body.path("displayName").asText(upn),
                    body.path("givenName").asText(null), body.path("familyName").asText(null));
            directory.addPerson(person);
            return JsonBodies.status(201, person);
        });
    }

    private Mono<ServerResponse> group(ServerRequest request) {
        return bodies.object(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String name = body.path("displayName").asText("");
            if (name.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "displayName is required");
            }
            List<String> members = new java.util.ArrayList<>();
            body.path("members").forEach(member -> members.add(member.asText()));
            DirectoryGroup group = new DirectoryGroup(tenant(body), objectId(body), name, members);
            directory.addGroup(group);
            return JsonBodies.status(201, group);
        });
    }

    private String tenant(JsonNode body) {
        return body.hasNonNull("tenantId") ? body.get("tenantId").asText() : directory.tenants().get(0).id();
    }

    private static String objectId(JsonNode body) {
        return body.hasNonNull("objectId") ? body.get("objectId").asText() : UUID.randomUUID().toString();
    }
}
