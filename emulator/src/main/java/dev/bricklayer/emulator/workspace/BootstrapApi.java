package dev.bricklayer.emulator.workspace;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.WorkspaceApi;

/**
 * The unauthenticated calls official SDKs make against a workspace host before anything else:
 * {@code GET /aad/auth} (302 to the tenant's authorize URL; SDKs read the tenant id from its path),
 * {@code GET /.well-known/databricks-config} (workspace metadata) and the OAuth authorization server metadata.
 */
@Component
public class BootstrapApi implements WorkspaceApi {

    private final Directory directory;
    private final EmulatorServers servers;

    public BootstrapApi(Directory directory, @Lazy EmulatorServers servers) {
        this.directory = directory;
        this.servers = servers;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/aad/auth", request -> {
                    String tenant = directory.tenants().isEmpty() ? "common" : directory.tenants().get(0).id();
                    return ServerResponse.status(302).location(URI.create(servers.mainBaseUrl() + "/" + tenant
                            + "/oauth2/authorize?client_id=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d&response_type=code")).build();
                })
                .GET("/.well-known/databricks-config", request -> {
                    EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("workspace_id", workspace.workspaceId());
                    body.put("oidc_endpoint", "https://" + workspace.host() + "/oidc");
                    return JsonBodies.ok(body);
                })
                .GET("/oidc/.well-known/oauth-authorization-server", request -> {
                    String base = "https://" + EmulatedWorkspace.of(request).host() + "/oidc";
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("issuer", base);
                    body.put("authorization_endpoint", base + "/v1/authorize");
                    body.put("token_endpoint", base + "/v1/token");
                    return JsonBodies.ok(body);
                })
                .build();
    }
}
