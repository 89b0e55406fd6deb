package dev.bricklayer.emulator.workspace.tokens;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.AclStore;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.TokenStore;
import reactor.core.publisher.Mono;

/**
 * Personal access tokens: the Token API for the caller's own tokens ({@code /api/2.0/token/{create,list,delete}})
 * and token management for admins ({@code /api/2.0/token-management/tokens[/{id}]},
 * {@code /api/2.0/token-management/on-behalf-of/tokens}). Creation enforces the workspace's rules:
 * {@code enableTokensConfig}, {@code maxTokenLifetimeDays}, {@code CAN_USE} on {@code /authorization/tokens}
 * (admins always), and the per-user quota.
 */
@Component
public class TokensApi implements WorkspaceApi {

    static final int QUOTA_PER_USER = 600;
    static final String TOKENS_OBJECT = "/authorization/tokens";

    private final JsonBodies bodies;

    public TokensApi(JsonBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/api/2.0/token/create", this::create)
                .GET("/api/2.0/token/list", this::listOwn)
                .POST("/api/2.0/token/delete", this::deleteOwn)
                .GET("/api/2.0/token-management/tokens", this::listAll)
                .GET("/api/2.0/token-management/tokens/{id}", this::getAny)
                .DELETE("/api/2.0/token-management/tokens/{id}", this::deleteAny)
                .POST("/api/2.0/token-management/on-behalf-of/tokens", this::createOnBehalfOf)
                .build();
    }

    private Mono<ServerResponse> create(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            requireTokensEnabled(workspace);
            requireCanUse(workspace, caller, caller.name());
            TokenStore.Created created = issue(workspace, body, caller.id(), caller.id(), caller.name());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token_value", created.value());
            answer.put("token_info", publicInfo(created.info()));
            return JsonBodies.ok(answer);
        });
    }

    private Mono<ServerResponse> listOwn(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        List<Map<String, Object>> infos = workspace.tokens().all().stream()
                .filter(pat -> pat.ownerId().equals(caller.id())).map(TokensApi::publicInfo).toList();
        return JsonBodies.ok(Map.of("token_infos", infos));
    }

    private Mono<ServerResponse> deleteOwn(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Object id = body.get("token_id");
            if (!(id instanceof String tokenId) || tokenId.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "token_id is required");
            }
            boolean own = workspace.tokens().get(tokenId).filter(pat -> pat.ownerId().equals(caller.id())).isPresent();
            if (!own || !workspace.tokens().delete(tokenId)) {
                throw EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "Unable to find token with id: " + tokenId);
            }
            return JsonBodies.ok(Map.of());
        });
    }

    private Mono<ServerResponse> listAll(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
        String createdById = request.queryParam("created_by_id").orElse(null);
        String createdByUsername = request.queryParam("created_by_username").orElse(null);
        List<Map<String, Object>> infos = workspace.tokens().all().stream()
                .filter(pat -> createdById == null || pat.createdById().equals(createdById))
                .filter(pat -> createdByUsername == null || pat.createdByUsername().equalsIgnoreCase(createdByUsername))
                .map(pat -> info(workspace, pat)).toList();
        return JsonBodies.ok(Map.of("token_infos", infos));
    }

    private Mono<ServerResponse> getAny(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
        TokenStore.Pat pat = workspace.tokens().get(request.pathVariable("id")).orElseThrow(TokensApi::tokenDoesNotExist);
        return JsonBodies.ok(Map.of("token_info", info(workspace, pat)));
    }

    private Mono<ServerResponse> deleteAny(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
        if (!workspace.tokens().delete(request.pathVariable("id"))) {
            throw tokenDoesNotExist();
        }
        return JsonBodies.ok(Map.of());
    }

    private Mono<ServerResponse> createOnBehalfOf(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = requireAdmin(request);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Object applicationId = body.get("application_id");
            if (!(applicationId instanceof String appId) || appId.isBlank()) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "application_id is required");
            }
            ObjectNode sp = workspace.identities().servicePrincipalByApplicationId(appId).orElseThrow(() ->
                    EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "Service principal with application ID "
                            + appId + " does not exist in this workspace"));
            requireTokensEnabled(workspace);
            String spId = sp.get("id").asText();
            Caller asSp = new Caller(Caller.Kind.SERVICE_PRINCIPAL, spId, appId, sp.path("displayName").asText(),
                    workspace.identities().isAdmin(spId), Caller.Via.AAD, null);
            requireCanUse(workspace, asSp, appId);
            TokenStore.Created created = issue(workspace, body, spId, caller.id(), caller.name());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token_value", created.value());
            answer.put("token_info", info(workspace, created.info()));
            return JsonBodies.ok(answer);
        });
    }

    /** Checks lifetime and quota, then creates the token. */
    private static TokenStore.Created issue(EmulatedWorkspace workspace, Map<String, Object> body, String ownerId,
                                            String createdById, String createdByName) {
        Long maxSeconds = maxLifetimeSeconds(workspace);
        Object lifetime = body.get("lifetime_seconds");
        long now = System.currentTimeMillis();
        long expiry;
        if (lifetime == null) {
            expiry = maxSeconds == null ? -1 : now + maxSeconds * 1000;
        } else {
            if (!(lifetime instanceof Number number)) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "lifetime_seconds must be a number");
            }
            long seconds = number.longValue();
            if (seconds <= 0) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "requirement failed: Invalid timeout: " + seconds);
            }
            if (maxSeconds != null && seconds > maxSeconds) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Token lifetime of " + seconds
                        + " seconds exceeds the maximum lifetime of " + workspace.conf().get("maxTokenLifetimeDays")
                        + " days (" + maxSeconds + " seconds) allowed in this workspace");
            }
            expiry = now + seconds * 1000;
        }
        long owned = workspace.tokens().all().stream().filter(pat -> pat.ownerId().equals(ownerId)).count();
        if (owned >= QUOTA_PER_USER) {
            throw EmulatorException.databricks(400, "QUOTA_EXCEEDED", "Cannot create more than " + QUOTA_PER_USER
                    + " tokens for a user");
        }
        Object comment = body.get("comment");
        return workspace.tokens().create(now, expiry, comment == null ? null : comment.toString(), ownerId, createdById,
                createdByName);
    }

    private static Long maxLifetimeSeconds(EmulatedWorkspace workspace) {
        String days = workspace.conf().get("maxTokenLifetimeDays");
        return days == null || days.isBlank() ? null : Long.parseLong(days) * 86_400L;
    }

    private static void requireTokensEnabled(EmulatedWorkspace workspace) {
        if ("false".equals(workspace.conf().get("enableTokensConfig"))) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Personal access tokens are disabled for this workspace");
        }
    }

    private static void requireCanUse(EmulatedWorkspace workspace, Caller caller, String name) {
        if (!workspace.store(AclStore.class, AclStore::new).allows(workspace, caller, TOKENS_OBJECT, Set.of("CAN_USE", "CAN_MANAGE"))) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", name + " does not have permission to use tokens. "
                    + "A workspace admin must grant CAN_USE on " + TOKENS_OBJECT);
        }
    }

    private static Caller requireAdmin(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can manage the tokens of others");
        }
        return caller;
    }

    private static EmulatorException tokenDoesNotExist() {
        return EmulatorException.databricks(404, "NOT_FOUND", "Token does not exist");
    }

    static Map<String, Object> publicInfo(TokenStore.Pat pat) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("token_id", pat.tokenId());
        info.put("creation_time", pat.creationTime());
        info.put("expiry_time", pat.expiryTime());
        if (pat.comment() != null) {
            info.put("comment", pat.comment());
        }
        return info;
    }

    static Map<String, Object> info(EmulatedWorkspace workspace, TokenStore.Pat pat) {
        Map<String, Object> info = publicInfo(pat);
        info.put("created_by_id", Long.parseLong(pat.createdById()));
        info.put("created_by_username", pat.createdByUsername());
        info.put("owner_id", Long.parseLong(pat.ownerId()));
        if (pat.lastUsedDay() > 0) {
            info.put("last_used_day", pat.lastUsedDay());
        }
        info.put("workspace_id", Long.parseLong(workspace.workspaceId()));
        return info;
    }
}
