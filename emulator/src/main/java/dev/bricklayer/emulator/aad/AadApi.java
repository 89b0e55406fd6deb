package dev.bricklayer.emulator.aad;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.MainApi;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.Surface;
import reactor.core.publisher.Mono;

/**
 * Entra ID's client-credentials endpoints: v1 {@code POST /{tenant}/oauth2/token} ({@code resource}; numbers as
 * strings) and v2 {@code POST /{tenant}/oauth2/v2.0/token} ({@code scope}, {@code openid profile offline_access}
 * ignored), with a client secret (form or HTTP Basic), a certificate client assertion or a federated one (workload
 * identity federation); OIDC discovery (v1, v2),
 * JWKS and instance discovery. Errors carry AADSTS codes as Entra ID does.
 */
@Component
public class AadApi implements MainApi {

    private static final List<String> IGNORED_SCOPES = List.of("openid", "profile", "offline_access");

    private final Directory directory;
    private final TokenIssuer issuer;
    private final EmulatorServers servers;
    private final ClientAuthentication clients;
    private final ResourceAudiences audiences;

    public AadApi(Directory directory, TokenIssuer issuer, @Lazy EmulatorServers servers, ClientAuthentication clients,
                  ResourceAudiences audiences) {
        this.clients = clients;
        this.audiences = audiences;
        this.directory = directory;
        this.issuer = issuer;
        this.servers = servers;
    }

    @Override
    public Surface surface() {
        return Surface.AAD;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/{tenant}/oauth2/token", request -> token(request, false))
                .POST("/{tenant}/oauth2/v2.0/token", request -> token(request, true))
                .GET("/{tenant}/v2.0/.well-known/openid-configuration", request -> openIdConfiguration(request, true))
                .GET("/{tenant}/.well-known/openid-configuration", request -> openIdConfiguration(request, false))
                .GET("/{tenant}/discovery/v2.0/keys", request -> JsonBodies.ok(issuer.jwks()))
                .GET("/{tenant}/discovery/keys", request -> JsonBodies.ok(issuer.jwks()))
                .GET("/common/discovery/instance", this::instanceDiscovery)
                .build();
    }

    private Mono<ServerResponse> token(ServerRequest request, boolean v2) {
        String tenantName = request.pathVariable("tenant");
        return request.formData().flatMap(form -> {
            Tenant tenant = directory.tenant(tenantName).orElseThrow(() -> EmulatorException.aad(400, "invalid_request", 90002,
                    "Tenant '" + tenantName + "' not found. Check to make sure you have the correct tenant ID and are signing "
                            + "into the correct cloud."));
            String grantType = form.getFirst("grant_type");
            if (grantType == null) {
                throw missing("grant_type");
            }
            if (!"client_credentials".equals(grantType)) {
                throw EmulatorException.aad(400, "unsupported_grant_type", 70003,
                        "The app requested an unsupported grant type '" + grantType + "'.");
            }
            ClientAuthentication.Credentials credentials = ClientAuthentication.credentials(request, form);
            if (credentials.clientId() == null) {
                throw missing("client_id");
            }
            ServicePrincipal sp = directory.servicePrincipal(tenant, credentials.clientId()).orElseThrow(() ->
                    EmulatorException.aad(400, "unauthorized_client", 700016, "Application with identifier '"
                            + credentials.clientId() + "' was not found in the directory '" + tenant.id() + "'. This can happen "
                            + "if the application has not been installed by the administrator of the tenant or consented to by "
                            + "any user in the tenant. You may have sent your authentication request to the wrong tenant."));
            // The journal names the app a sign-in was for, refused ones too, as Entra ID's sign-in log does.
            request.exchange().getAttributes().put(RequestContext.PRINCIPAL, sp.clientId());
            clients.authenticate(sp, credentials, tenant);
            String resource = v2 ? resourceOfScope(tenant, form.getFirst("scope")) : resourceOf(tenant, form.getFirst("resource"));
            TokenIssuer.Issued issued = issuer.issue(tenant.id(), sp.clientId(), sp.objectId(), resource, sp.appRoles());
            long expiresIn = issued.expiresAt().getEpochSecond() - issued.issuedAt().getEpochSecond();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_type", "Bearer");
            if (v2) {
                body.put("expires_in", expiresIn);
                body.put("ext_expires_in", expiresIn);
            } else {
                body.put("expires_in", String.valueOf(expiresIn));
                body.put("ext_expires_in", String.valueOf(expiresIn));
                body.put("expires_on", String.valueOf(issued.expiresAt().getEpochSecond()));
                body.put("not_before", String.valueOf(issued.issuedAt().getEpochSecond()));
                body.put("resource", form.getFirst("resource"));
            }
            body.put("access_token", issued.value());
            ServerResponse.BodyBuilder response = ServerResponse.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-store, no-cache")
                    .header(HttpHeaders.PRAGMA, "no-cache")
                    .header("x-ms-request-id", java.util.UUID.randomUUID().toString());
            String requestId = request.headers().firstHeader("client-request-id");
            if (requestId != null) {
                response = response.header("client-request-id", requestId);
            }
            return JsonBodies.write(response, body);
        });
    }

    private String audienceOf(Tenant tenant, String resource) {
        return audiences.audienceOf(tenant, resource);
    }

    private String resourceOf(Tenant tenant, String resource) {
        if (resource == null) {
            throw missing("resource");
        }
        String known = audienceOf(tenant, resource);
        if (known == null) {
            throw EmulatorException.aad(400, "invalid_resource", 500011, "The resource principal named " + resource
                    + " was not found in the tenant. This can happen if the application has not been installed by the "
                    + "administrator of the tenant or consented to by any user in the tenant.");
        }
        return known;
    }

    private String resourceOfScope(Tenant tenant, String scope) {
        if (scope == null) {
            throw missing("scope");
        }
        List<String> scopes = new ArrayList<>();
        for (String part : scope.trim().split("\\s+")) {
            if (!part.isEmpty() && !IGNORED_SCOPES.contains(part.toLowerCase(Locale.ROOT))) {
                scopes.add(part);
            }
        }
        Optional<String> resource = scopes.size() == 1 && scopes.get(0).endsWith("/.default")
                ? Optional.ofNullable(audienceOf(tenant, scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length())))
                : Optional.empty();
        return resource.orElseThrow(() -> EmulatorException.aad(400, "invalid_scope", 70011, "The provided value for the "
                + "input parameter 'scope' is not valid. The scope " + scope + " is not valid."));
    }

    private static EmulatorException missing(String parameter) {
        return EmulatorException.aad(400, "invalid_request", 900144, "The request body must contain the following parameter: '"
                + parameter + "'.");
    }

    private Mono<ServerResponse> openIdConfiguration(ServerRequest request, boolean v2) {
        String tenantName = request.pathVariable("tenant");
        Tenant tenant = directory.tenant(tenantName).orElseThrow(() -> EmulatorException.aad(400, "invalid_tenant", 90002,
                "Tenant '" + tenantName + "' not found."));
        String base = servers.mainBaseUrl() + "/" + tenantName;
        String oauth = base + (v2 ? "/oauth2/v2.0" : "/oauth2");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_endpoint", oauth + "/token");
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        body.put("jwks_uri", base + (v2 ? "/discovery/v2.0/keys" : "/discovery/keys"));
        body.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        body.put("subject_types_supported", List.of("pairwise"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        body.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        body.put("issuer", v2 ? base + "/v2.0" : TokenIssuer.issuer(tenant.id()));
        body.put("request_uri_parameter_supported", false);
        body.put("authorization_endpoint", oauth + "/authorize");
        body.put("device_authorization_endpoint", oauth + "/devicecode");
        body.put("http_logout_supported", true);
        body.put("frontchannel_logout_supported", true);
        body.put("end_session_endpoint", oauth + "/logout");
        body.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "tid", "ver", "appid", "oid", "roles"));
        body.put("tenant_region_scope", "WW");
        body.put("cloud_instance_name", "microsoftonline.com");
        body.put("cloud_graph_host_name", "graph.windows.net");
        body.put("msgraph_host", "graph.microsoft.com");
        body.put("rbac_url", "https://pas.windows.net");
        return JsonBodies.ok(body);
    }

    private Mono<ServerResponse> instanceDiscovery(ServerRequest request) {
        String host = servers.mainBaseUrl().substring("https://".length());
        String tenant = directory.tenants().isEmpty() ? "common" : directory.tenants().get(0).id();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_discovery_endpoint", servers.mainBaseUrl() + "/" + tenant + "/v2.0/.well-known/openid-configuration");
        body.put("api-version", "1.1");
        body.put("metadata", List.of(Map.of("preferred_network", host, "preferred_cache", host, "aliases", List.of(host))));
        return JsonBodies.ok(body);
    }
}
