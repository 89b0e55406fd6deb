package dev.bricklayer.emulator.workspace;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.aad.TokenIssuer.InvalidTokenException;
import dev.bricklayer.emulator.aad.TokenIssuer.Verified;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.WorkspaceFilter;
import reactor.core.publisher.Mono;

/**
 * Authenticates every workspace request but the unauthenticated bootstrap calls:
 * <ul>
 *   <li>{@code Bearer dapi…}: a PAT of this workspace; unknown, revoked or expired ⇒ 403 {@code Invalid access token.}</li>
 *   <li>{@code Bearer <JWT>}: an emulator-issued AAD token for the Azure Databricks resource; expired ⇒ 401 with
 *       the {@code io.jsonwebtoken.ExpiredJwtException} text the service returns. Its {@code appid} must be a
 *       service principal of the workspace, or — with {@code X-Databricks-Azure-SP-Management-Token} (a valid
 *       management token of the same app) and {@code X-Databricks-Azure-Workspace-Resource-Id} (this workspace)
 *       and Contributor or Owner on the workspace — it is added to the workspace as an admin.</li>
 * </ul>
 * A deactivated user or service principal is refused. In an identity-federated workspace the service principal added
 * is the account's, assigned to the workspace as {@code ADMIN}.
 */
@Component
public class WorkspaceAuthentication implements WorkspaceFilter {

    /** Paths the official SDKs call before they authenticate. */
    public static final Set<String> UNAUTHENTICATED = Set.of("/.well-known/databricks-config",
            "/oidc/.well-known/oauth-authorization-server", "/aad/auth");

    static final String SP_MANAGEMENT_TOKEN = "X-Databricks-Azure-SP-Management-Token";
    static final String WORKSPACE_RESOURCE_ID = "X-Databricks-Azure-Workspace-Resource-Id";

    private final TokenIssuer issuer;
    private final Directory directory;
    private final ObjectProvider<AccountIdentities> accounts;

    public WorkspaceAuthentication(TokenIssuer issuer, Directory directory, ObjectProvider<AccountIdentities> accounts) {
        this.issuer = issuer;
        this.directory = directory;
        this.accounts = accounts;
    }

    @Override
    public int getOrder() {
        return AUTHENTICATION;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (UNAUTHENTICATED.contains(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        EmulatedWorkspace workspace = exchange.getAttribute(RequestContext.WORKSPACE);
        Caller caller = authenticate(workspace, exchange.getRequest().getHeaders());
        exchange.getAttributes().put(RequestContext.CALLER, caller);
        exchange.getAttributes().put(RequestContext.PRINCIPAL, caller.name());
        return chain.filter(exchange);
    }

    Caller authenticate(EmulatedWorkspace workspace, HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw EmulatorException.databricks(401, "401", "Credential was not sent or was of an unsupported type for this API.");
        }
        String token = authorization.substring(7).trim();
        return token.startsWith("dapi") ? byPat(workspace, token) : byAad(workspace, token, headers);
    }

    private Caller byPat(EmulatedWorkspace workspace, String value) {
        long now = System.currentTimeMillis();
        TokenStore.Pat pat = workspace.tokens().findByValue(value)
                .filter(p -> !p.expiredAt(now))
                .orElseThrow(() -> EmulatorException.databricks(403, "403", "Invalid access token."));
        if ("false".equalsIgnoreCase(workspace.conf().get("enableTokensConfig"))) {
            throw EmulatorException.databricks(403, "403", "Invalid access token.");
        }
        ObjectNode owner = workspace.identities().principal(pat.ownerId())
                .orElseThrow(() -> EmulatorException.databricks(403, "403", "Invalid access token."));
        requireActive(owner);
        workspace.tokens().used(pat.tokenId(), now);
        return caller(workspace, owner, Caller.Via.PAT, pat.tokenId());
    }

    private Caller byAad(EmulatedWorkspace workspace, String token, HttpHeaders headers) {
        Verified verified;
        try {
            verified = issuer.verify(token, TokenIssuer.DATABRICKS_RESOURCE);
        } catch (InvalidTokenException invalid) {
            throw EmulatorException.databricks(401, "401", "Invalid Token");
        }
        if (verified.expired()) {
            throw expired(verified.expiresAt());
        }
        Optional<ObjectNode> principal = workspace.identities().servicePrincipalByApplicationId(verified.appId());
        if (principal.isEmpty()) {
            principal = Optional.of(autoAdd(workspace, verified, headers));
        }
        requireActive(principal.get());
        return caller(workspace, principal.get(), Caller.Via.AAD, null);
    }

    /** A service principal not yet in the workspace, presenting the Azure headers, becomes a workspace admin. */
    private ObjectNode autoAdd(EmulatedWorkspace workspace, Verified verified, HttpHeaders headers) {
        String managementToken = headers.getFirst(SP_MANAGEMENT_TOKEN);
        String resourceId = headers.getFirst(WORKSPACE_RESOURCE_ID);
        String notAuthorized = "User is not authorized to access this resource: application " + verified.appId()
                + " is not a member of workspace " + workspace.workspaceId();
        if (managementToken == null || resourceId == null) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", notAuthorized);
        }
        Verified management;
        try {
            management = issuer.verify(managementToken, TokenIssuer.SERVICE_MANAGEMENT_RESOURCE);
        } catch (InvalidTokenException invalid) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Invalid " + SP_MANAGEMENT_TOKEN);
        }
        if (management.expired() || !management.appId().equalsIgnoreCase(verified.appId())
                || !management.tenantId().equalsIgnoreCase(verified.tenantId())) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Invalid " + SP_MANAGEMENT_TOKEN);
        }
        if (!resourceId.equalsIgnoreCase(workspace.resourceId())) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", WORKSPACE_RESOURCE_ID + " " + resourceId
                    + " does not match this workspace");
        }
        ServicePrincipal known = directory.servicePrincipal(verified.appId())
                .orElseThrow(() -> EmulatorException.databricks(403, "PERMISSION_DENIED", notAuthorized));
        if (!directory.canWrite(known, workspace.resourceId())) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", notAuthorized
                    + " and has neither Contributor nor Owner on " + workspace.resourceId());
        }
        AccountIdentities account = accounts.getIfAvailable();
        if (account != null && account.federated(workspace)) {
            // identity federation: the account's service principal, assigned to the workspace as an admin
            return account.addToWorkspace(workspace, true, known.clientId(), known.displayName(), true);
        }
        IdentityStore identities = workspace.identities();
        synchronized (identities) {
            return identities.servicePrincipalByApplicationId(verified.appId()).orElseGet(() -> {
                ObjectNode sp = identities.createServicePrincipal(known.clientId(), known.displayName());
                identities.addMember(identities.adminsGroupId(), sp.get("id").asText());
                return sp;
            });
        }
    }

    /** 401 for an expired Entra ID token, with the text the service answers. */
    public static EmulatorException expired(Instant expiresAt) {
        Instant now = Instant.now();
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        long difference = now.toEpochMilli() - expiresAt.toEpochMilli();
        return EmulatorException.databricks(401, "401", "io.jsonwebtoken.ExpiredJwtException: JWT expired at "
                + iso.format(expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + ". Current time: "
                + iso.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + ", a difference of " + difference
                + " milliseconds.  Allowed clock skew: 0 milliseconds.");
    }

    private static void requireActive(ObjectNode principal) {
        if (principal.has("active") && !principal.get("active").asBoolean(true)) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "User is not active in this workspace.");
        }
    }

    private static Caller caller(EmulatedWorkspace workspace, ObjectNode principal, Caller.Via via, String tokenId) {
        String id = principal.get("id").asText();
        boolean isUser = principal.has("userName");
        return new Caller(isUser ? Caller.Kind.USER : Caller.Kind.SERVICE_PRINCIPAL, id,
                isUser ? principal.get("userName").asText() : principal.path("applicationId").asText(),
                principal.path("displayName").asText(null), workspace.identities().isAdmin(id), via, tokenId);
    }
}
