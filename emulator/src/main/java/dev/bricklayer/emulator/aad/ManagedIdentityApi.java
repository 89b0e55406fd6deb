package dev.bricklayer.emulator.aad;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.MainApi;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.Surface;
import reactor.core.publisher.Mono;

/**
 * The managed-identity endpoints a workload on Azure asks for its identity's tokens, in the two styles MSAL4J speaks:
 * <ul>
 *   <li>App Service ({@code IDENTITY_ENDPOINT} = {@code {main base URL}/msi/token}, {@code IDENTITY_HEADER} =
 *       {@code emulator.managed-identity-header}): {@code GET /msi/token?api-version=2019-08-01&resource=…[&client_id=…]}
 *       with {@code X-IDENTITY-HEADER} → {@code access_token}, {@code expires_on} (epoch seconds), {@code resource},
 *       {@code token_type}, {@code client_id}, all strings;</li>
 *   <li>IMDS ({@code AZURE_POD_IDENTITY_AUTHORITY_HOST} = the main base URL): {@code GET
 *       /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id=…]} with {@code Metadata: true} →
 *       {@code access_token}, {@code refresh_token}, {@code expires_in}, {@code expires_on}, {@code not_before},
 *       {@code resource}, {@code token_type}, all strings.</li>
 * </ul>
 * The identity is the app with {@code managed-identity: true} named by {@code client_id} (or {@code object_id} /
 * {@code principal_id}), or the first such app (the system-assigned one) when none is named. Tokens are the token
 * endpoint's, with the same claims.
 */
@Component
public class ManagedIdentityApi implements MainApi {

    static final String APP_SERVICE_API_VERSION = "2019-08-01";

    private final Directory directory;
    private final TokenIssuer issuer;
    private final ResourceAudiences audiences;
    private final EmulatorProperties properties;

    public ManagedIdentityApi(Directory directory, TokenIssuer issuer, ResourceAudiences audiences, EmulatorProperties properties) {
        this.directory = directory;
        this.issuer = issuer;
        this.audiences = audiences;
        this.properties = properties;
    }

    @Override
    public Surface surface() {
        return Surface.AAD;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/msi/token", this::appService)
                .GET("/metadata/identity/oauth2/token", this::imds)
                .build();
    }

    private Mono<ServerResponse> appService(ServerRequest request) {
        String header = request.headers().firstHeader("X-IDENTITY-HEADER");
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                properties.managedIdentityHeader().getBytes(StandardCharsets.UTF_8))) {
            throw appServiceError(401, "The request is missing X-IDENTITY-HEADER or it does not match IDENTITY_HEADER.");
        }
        String apiVersion = request.queryParam("api-version").orElse(null);
        if (!APP_SERVICE_API_VERSION.equals(apiVersion)) {
            throw appServiceError(400, "(UnsupportedApiVersion) The HTTP resource that matches the request URI '"
                    + request.path() + "' does not support the API version '" + apiVersion + "'.");
        }
        String resource = request.queryParam("resource").orElseThrow(() -> appServiceError(400,
                "The request is missing the resource parameter."));
        ServicePrincipal identity = identity(request).orElseThrow(() -> appServiceError(400,
                "Unable to load the proper Managed Identity."));
        TokenIssuer.Issued issued = issue(request, identity, resource, message -> appServiceError(400, message));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.value());
        body.put("expires_on", String.valueOf(issued.expiresAt().getEpochSecond()));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        body.put("client_id", identity.clientId());
        return JsonBodies.ok(body);
    }

    private Mono<ServerResponse> imds(ServerRequest request) {
        if (!"true".equals(request.headers().firstHeader("Metadata"))) {
            throw imdsError("invalid_request", "Required metadata header not specified");
        }
        if (request.queryParam("api-version").isEmpty()) {
            throw imdsError("invalid_request", "Required query variable 'api-version' is missing");
        }
        String resource = request.queryParam("resource").orElseThrow(() -> imdsError("invalid_request",
                "Required audience parameter not specified"));
        ServicePrincipal identity = identity(request).orElseThrow(() -> imdsError("invalid_request", "Identity not found"));
        TokenIssuer.Issued issued = issue(request, identity, resource, message -> imdsError("invalid_resource", message));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.value());
        body.put("refresh_token", "");
        body.put("expires_in", String.valueOf(issued.expiresAt().getEpochSecond() - issued.issuedAt().getEpochSecond()));
        body.put("expires_on", String.valueOf(issued.expiresAt().getEpochSecond()));
        body.put("not_before", String.valueOf(issued.issuedAt().getEpochSecond()));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        return JsonBodies.ok(body);
    }

    /** The managed identity the request names by client id or object id, or the system-assigned one. */
    private java.util.Optional<ServicePrincipal> identity(ServerRequest request) {
        String clientId = request.queryParam("client_id").orElse(null);
        String objectId = request.queryParam("object_id").or(() -> request.queryParam("principal_id")).orElse(null);
        if (clientId == null && objectId != null) {
            return directory.tenants().stream().flatMap(t -> t.servicePrincipals().stream())
                    .filter(sp -> sp.managedIdentity() && sp.objectId().equalsIgnoreCase(objectId)).findFirst();
        }
        return directory.managedIdentity(clientId);
    }

    private TokenIssuer.Issued issue(ServerRequest request, ServicePrincipal identity, String resource,
                                     java.util.function.Function<String, EmulatorException> refusal) {
        request.exchange().getAttributes().put(RequestContext.PRINCIPAL, identity.clientId());
        Tenant tenant = directory.tenantOf(identity.clientId()).orElseThrow();
        String audience = audiences.audienceOf(tenant, resource);
        if (audience == null) {
            throw refusal.apply("AADSTS500011: The resource principal named " + resource + " was not found in the tenant "
                    + "named " + tenant.id() + ". This can happen if the application has not been installed by the "
                    + "administrator of the tenant or consented to by any user in the tenant. You might have sent your "
                    + "authentication request to the wrong tenant.");
        }
        return issuer.issue(tenant.id(), identity.clientId(), identity.objectId(), audience, identity.appRoles());
    }

    private static EmulatorException appServiceError(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", status);
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        return new EmulatorException(status, body);
    }

    private static EmulatorException imdsError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new EmulatorException(400, body);
    }
}
