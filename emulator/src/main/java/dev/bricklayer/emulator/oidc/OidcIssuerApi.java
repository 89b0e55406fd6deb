package dev.bricklayer.emulator.oidc;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.MainApi;
import dev.bricklayer.emulator.server.Surface;

/**
 * The stand-in issuers' public documents, as a Kubernetes API server serves them: {@code GET
 * /oidc/{issuer}/.well-known/openid-configuration} and {@code GET /oidc/{issuer}/openid/v1/jwks}. An issuer is made on
 * first use; a name that is not a DNS label is 404.
 */
@Component
public class OidcIssuerApi implements MainApi {

    private final OidcIssuers issuers;

    public OidcIssuerApi(OidcIssuers issuers) {
        this.issuers = issuers;
    }

    @Override
    public Surface surface() {
        return Surface.AAD;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/oidc/{issuer}/.well-known/openid-configuration", request -> JsonBodies.ok(issuers.discovery(name(request))))
                .GET("/oidc/{issuer}/openid/v1/jwks", request -> JsonBodies.ok(issuers.publicKeys(name(request)).toJSONObject()))
                .build();
    }

    private static String name(ServerRequest request) {
        String name = request.pathVariable("issuer");
        if (!OidcIssuers.NAME.matcher(name).matches()) {
            throw EmulatorException.aad(404, "invalid_request", 90002, "No such endpoint: " + request.path());
        }
        return name;
    }
}
