package dev.bricklayer.emulator.admin;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.faults.FaultInjector;
import dev.bricklayer.emulator.faults.FaultRule;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.server.AdminApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.Resettable;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.IdentityStore;
import dev.bricklayer.emulator.workspace.ObjectRegistry;
import dev.bricklayer.emulator.workspace.TokenStore;
import dev.bricklayer.emulator.workspace.Workspaces;
import reactor.core.publisher.Mono;

/**
 * The admin API (plain HTTP on {@code emulator.admin-port}; not part of the Azure surface):
 * <ul>
 *   <li>{@code GET /admin/journal} and {@code GET /admin/journal/count} with filters {@code surface},
 *       {@code workspace}, {@code method}, {@code path} (prefix), {@code status}, {@code principal},
 *       {@code source}, {@code since} (ISO instant); {@code DELETE /admin/journal}</li>
 *   <li>{@code POST /admin/faults} (a {@link FaultRule}), {@code GET /admin/faults}, {@code DELETE /admin/faults[/{id}]}</li>
 *   <li>{@code GET /admin/workspaces}: every workspace with its id, resource id and URL</li>
 *   <li>{@code GET /admin/directory}: every tenant's apps with what each may do — the app roles its tokens carry and
 *       its Azure role assignments — and how it signs in (secret or certificate; the values are not shown)</li>
 *   <li>seeding, as if done by people outside Bricklayer: {@code POST /admin/workspaces/{name}/users},
 *       {@code POST /admin/workspaces/{name}/tokens} (any lifetime, also none, also back-dated),
 *       {@code POST /admin/workspaces/{name}/objects} (a job, notebook, warehouse… to set permissions on), and
 *       {@code POST /admin/workspaces/{name}/people-tokens} — a PAT for a (new) human workspace admin, to
 *       change anything through the workspace's own API as a person would</li>
 *   <li>{@code POST /admin/reset}: forget every workspace, ARM resource, journal entry and fault</li>
 * </ul>
 * Workload identity federation (service-account tokens of the stand-in OIDC issuers, federated identity credentials
 * added at run time) has its own routes: {@link WorkloadIdentityAdminRoutes}.
 */
@Component
public class AdminRoutes implements AdminApi {

    private final Journal journal;
    private final FaultInjector faults;
    private final Workspaces workspaces;
    private final List<Resettable> resettables;
    private final EmulatorServers servers;
    private final JsonBodies bodies;
    private final Directory directory;

    public AdminRoutes(Journal journal, FaultInjector faults, Workspaces workspaces, List<Resettable> resettables,
                       @Lazy EmulatorServers servers, JsonBodies bodies, Directory directory) {
        this.bodies = bodies;
        this.directory = directory;
        this.journal = journal;
        this.faults = faults;
        this.workspaces = workspaces;
        this.resettables = resettables;
        this.servers = servers;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/admin/journal/count", request -> JsonBodies.ok(Map.of("count", journal.count(filter(request.queryParams())))))
                .GET("/admin/journal", request -> JsonBodies.ok(journal.find(filter(request.queryParams()))))
                .DELETE("/admin/journal", request -> {
                    journal.clear();
                    return ServerResponse.noContent().build();
                })
                .GET("/admin/faults", request -> JsonBodies.ok(faults.describe()))
                .POST("/admin/faults", request -> bodies.as(request, FaultRule.class, JsonBodies.Format.DATABRICKS).flatMap(rule -> {
                    if (rule.id() == null || rule.kind() == null) {
                        return Mono.error(EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "a fault rule needs id and kind"));
                    }
                    faults.add(rule);
                    return JsonBodies.write(ServerResponse.created(URI.create("/admin/faults/" + rule.id())), rule);
                }))
                .DELETE("/admin/faults/{id}", request -> faults.remove(request.pathVariable("id"))
                        ? ServerResponse.noContent().build() : ServerResponse.notFound().build())
                .DELETE("/admin/faults", request -> {
                    faults.clear();
                    return ServerResponse.noContent().build();
                })
                .GET("/admin/workspaces", request -> JsonBodies.ok(
                        workspaces.all().stream().map(AdminRoutes::describe).toList()))
                .POST("/admin/workspaces/{name}/users", this::seedUser)
                .POST("/admin/workspaces/{name}/tokens", this::seedToken)
                .POST("/admin/workspaces/{name}/people-tokens", this::personToken)
                .POST("/admin/workspaces/{name}/objects", this::seedObject)
                .POST("/admin/reset", request -> {
                    journal.clear();
                    faults.clear();
                    workspaces.clear();
                    resettables.forEach(Resettable::reset);
                    return ServerResponse.noContent().build();
                })
                .GET("/admin/directory", request -> JsonBodies.ok(directory.tenants().stream().map(this::describe).toList()))
                .GET("/admin/info", request -> JsonBodies.ok(Map.of(
                        "entraIdAndArm", servers.mainBaseUrl(), "accounts", servers.accountBaseUrl(),
                        "admin", servers.adminBaseUrl())))
                .build();
    }

    private Map<String, Object> describe(EmulatorProperties.Tenant tenant) {
        List<Map<String, Object>> apps = tenant.servicePrincipals().stream().map(app -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("clientId", app.clientId());
            body.put("displayName", app.displayName());
            body.put("signsInWith", signsInWith(app));
            body.put("managedIdentity", app.managedIdentity());
            body.put("federatedCredentials", directory.federatedCredentials(app));
            body.put("appRoles", app.appRoles());
            body.put("azureRoles", directory.roleAssignments().stream()
                    .filter(a -> a.principalId().equalsIgnoreCase(app.clientId()) || a.principalId().equalsIgnoreCase(app.objectId()))
                    .map(a -> Map.of("role", a.role(), "scope", a.scope())).toList());
            return body;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenantId", tenant.id());
        body.put("domain", tenant.domain());
        body.put("apps", apps);
        return body;
    }

    private String signsInWith(EmulatorProperties.ServicePrincipal app) {
        if (app.secret() != null) {
            return "secret";
        }
        if (app.certificate() != null) {
            return "certificate";
        }
        if (app.managedIdentity()) {
            return "managed identity";
        }
        return directory.federatedCredentials(app).isEmpty() ? "nothing" : "federated credential";
    }

    private static Map<String, Object> describe(EmulatedWorkspace workspace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", workspace.name());
        body.put("workspaceId", workspace.workspaceId());
        body.put("resourceId", workspace.resourceId());
        body.put("workspaceUrl", workspace.host());
        body.put("location", workspace.location());
        body.put("sku", workspace.sku());
        return body;
    }

    private EmulatedWorkspace workspace(ServerRequest request) {
        String name = request.pathVariable("name");
        return workspaces.byName(name).or(() -> workspaces.byWorkspaceId(name))
                .orElseThrow(() -> EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "No workspace " + name));
    }

    /** {@code {"userName", "displayName"?, "active"?, "groups"?: [names]}} → the SCIM user. */
    private Mono<ServerResponse> seedUser(ServerRequest request) {
        EmulatedWorkspace workspace = workspace(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String userName = (String) body.get("userName");
            if (userName == null) {
                return Mono.error(EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "userName is required"));
            }
            IdentityStore identities = workspace.identities();
            ObjectNode user;
            synchronized (identities) {
                user = identities.userByName(userName).orElseGet(() ->
                        identities.createUser(userName, (String) body.get("displayName")));
                if (body.get("active") instanceof Boolean active) {
                    user.put("active", active);
                }
                if (body.get("groups") instanceof List<?> groups) {
                    for (Object group : groups) {
                        String id = identities.groupByName(group.toString())
                                .orElseGet(() -> identities.createGroup(group.toString())).get("id").asText();
                        identities.addMember(id, user.get("id").asText());
                    }
                }
            }
            return JsonBodies.status(201, user);
        });
    }

    /**
     * {@code {"userName", "lifetimeSeconds"? (absent = no expiry), "comment"?, "createdSecondsAgo"?}} → token id
     * and value. Bypasses every policy: it stands for tokens made before Bricklayer governed the workspace.
     */
    private Mono<ServerResponse> seedToken(ServerRequest request) {
        EmulatedWorkspace workspace = workspace(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String userName = (String) body.get("userName");
            ObjectNode owner = workspace.identities().userByName(userName == null ? "" : userName)
                    .or(() -> workspace.identities().servicePrincipalByApplicationId(userName == null ? "" : userName))
                    .orElseThrow(() -> EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                            "no user or service principal " + userName + " in workspace " + workspace.name()));
            long now = System.currentTimeMillis();
            long created = now - 1000L * ((Number) body.getOrDefault("createdSecondsAgo", 0)).longValue();
            Object lifetime = body.get("lifetimeSeconds");
            long expiry = lifetime == null ? -1 : created + 1000L * ((Number) lifetime).longValue();
            TokenStore.Created token = workspace.tokens().create(created, expiry, (String) body.get("comment"),
                    owner.get("id").asText(), owner.get("id").asText(), userName);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token_id", token.info().tokenId());
            answer.put("token_value", token.value());
            answer.put("expiry_time", token.info().expiryTime());
            return JsonBodies.status(201, answer);
        });
    }

    /** {@code {"userName"}} → a PAT of that (new) user, made a workspace admin: a person with the portal's powers. */
    private Mono<ServerResponse> personToken(ServerRequest request) {
        EmulatedWorkspace workspace = workspace(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Object named = ((Map<?, ?>) body).get("userName");
            String userName = named != null ? named.toString() : "admin@contoso.example";
            IdentityStore identities = workspace.identities();
            ObjectNode user;
            synchronized (identities) {
                user = identities.userByName(userName).orElseGet(() -> identities.createUser(userName, null));
                identities.addMember(identities.adminsGroupId(), user.get("id").asText());
            }
            long now = System.currentTimeMillis();
            TokenStore.Created token = workspace.tokens().create(now, now + 86_400_000L, "person token (emulator admin API)",
                    user.get("id").asText(), user.get("id").asText(), userName);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("userName", userName);
            answer.put("token_id", token.info().tokenId());
            answer.put("token_value", token.value());
            answer.put("workspaceUrl", workspace.host());
            return JsonBodies.status(201, answer);
        });
    }

    /**
     * {@code {"type": "jobs", "id": "12"}}: a securable object made outside the APIs the emulator serves (a job, a
     * notebook, a warehouse…), so that its permissions can be managed.
     */
    private Mono<ServerResponse> seedObject(ServerRequest request) {
        EmulatedWorkspace workspace = workspace(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Object type = body.get("type");
            Object id = body.get("id");
            if (type == null || id == null) {
                return Mono.error(EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "type and id are required"));
            }
            workspace.store(ObjectRegistry.class, ObjectRegistry::new).register(type.toString(), id.toString());
            return JsonBodies.status(201, Map.of("type", type, "id", id));
        });
    }

    private static Predicate<JournalEntry> filter(MultiValueMap<String, String> query) {
        List<Predicate<JournalEntry>> tests = new ArrayList<>();
        text(query, "surface", e -> e.surface(), tests);
        text(query, "workspace", e -> e.workspace(), tests);
        text(query, "method", e -> e.method(), tests);
        text(query, "principal", e -> e.principal(), tests);
        text(query, "source", e -> e.sourceAddress(), tests);
        String path = query.getFirst("path");
        if (path != null) {
            tests.add(e -> e.path().startsWith(path));
        }
        String status = query.getFirst("status");
        if (status != null) {
            tests.add(e -> String.valueOf(e.status()).equals(status));
        }
        String since = query.getFirst("since");
        if (since != null) {
            Instant from = Instant.parse(since);
            tests.add(e -> !e.time().isBefore(from));
        }
        return tests.stream().reduce(Predicate::and).orElse(e -> true);
    }

    private static void text(MultiValueMap<String, String> query, String name,
                             java.util.function.Function<JournalEntry, String> field, List<Predicate<JournalEntry>> tests) {
        String value = query.getFirst(name);
        if (value != null) {
            tests.add(e -> value.equalsIgnoreCase(field.apply(e)));
        }
    }
}
