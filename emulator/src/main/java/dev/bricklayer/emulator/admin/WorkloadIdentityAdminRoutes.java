package dev.bricklayer.emulator.admin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.config.EmulatorProperties.FederatedCredential;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.oidc.OidcIssuers;
import dev.bricklayer.emulator.server.AdminApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import reactor.core.publisher.Mono;

/**
 * The admin API of workload identity federation (plain HTTP on {@code emulator.admin-port}, not journaled):
 * <ul>
 *   <li>{@code POST /admin/oidc/{issuerName}/tokens} {@code {"namespace", "serviceAccount", "audience"?
 *       (api://AzureADTokenExchange), "lifetimeSeconds"? (3600; negative: already expired), "notBeforeSeconds"? (0;
 *       positive: not valid yet)}} → 201 {@code {"token", "issuer", "subject", "expiresOn"}}: a Kubernetes projected
 *       service-account token of the stand-in issuer {@code {main base URL}/oidc/{issuerName}}, as the kubelet would
 *       mount it for a pod (the issuer is made on first use);</li>
 *   <li>{@code POST /admin/directory/apps/{clientId}/federated-credentials} {@code {"name", "issuer", "subject",
 *       "audiences"? ([api://AzureADTokenExchange])}} → 201 the credential: a federated identity credential added to an
 *       app at run time, as Microsoft Graph does (one of the same name is replaced) — for issuers whose URL is known only
 *       once the emulator runs (a free port).</li>
 * </ul>
 */
@Component
public class WorkloadIdentityAdminRoutes implements AdminApi {

    private final OidcIssuers issuers;
    private final Directory directory;
    private final JsonBodies bodies;

    public WorkloadIdentityAdminRoutes(OidcIssuers issuers, Directory directory, JsonBodies bodies) {
        this.issuers = issuers;
        this.directory = directory;
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/oidc/{issuerName}/tokens", this::mint)
                .POST("/admin/directory/apps/{clientId}/federated-credentials", this::addFederatedCredential)
                .build();
    }

    private Mono<ServerResponse> mint(ServerRequest request) {
        String name = request.pathVariable("issuerName");
        if (!OidcIssuers.NAME.matcher(name).matches()) {
            return Mono.error(invalid("an issuer name is 1 to 63 of a-z, 0-9 and '-'"));
        }
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String namespace = text(body, "namespace");
            String serviceAccount = text(body, "serviceAccount");
            if (namespace == null || serviceAccount == null) {
                return Mono.error(invalid("namespace and serviceAccount are required"));
            }
            String audience = text(body, "audience");
            long lifetime = number(body, "lifetimeSeconds", 3600);
            if (lifetime == 0) {
                return Mono.error(invalid("lifetimeSeconds must not be 0"));
            }
            OidcIssuers.ServiceAccountToken token = issuers.mint(name, namespace, serviceAccount,
                    audience == null ? FederatedCredential.TOKEN_EXCHANGE_AUDIENCE : audience, lifetime,
                    number(body, "notBeforeSeconds", 0));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", token.value());
            answer.put("issuer", token.issuer());
            answer.put("subject", token.subject());
            answer.put("expiresOn", token.expiresOn().toString());
            return JsonBodies.status(201, answer);
        });
    }

    private Mono<ServerResponse> addFederatedCredential(ServerRequest request) {
        String clientId = request.pathVariable("clientId");
        ServicePrincipal app = directory.servicePrincipal(clientId).orElseThrow(() ->
                EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "No app with client id " + clientId));
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String name = text(body, "name");
            String issuer = text(body, "issuer");
            String subject = text(body, "subject");
            if (name == null || issuer == null || subject == null) {
                return Mono.error(invalid("name, issuer and subject are required"));
            }
            List<String> audiences = body.get("audiences") instanceof List<?> list
                    ? list.stream().map(String::valueOf).toList() : List.of();
            FederatedCredential credential = new FederatedCredential(name, issuer, subject, audiences);
            directory.addFederatedCredential(app, credential);
            return JsonBodies.write(ServerResponse.created(URI.create(request.path() + "/" + name)), credential);
        });
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static long number(Map<String, Object> body, String field, long otherwise) {
        Object value = body.get(field);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw invalid(field + " must be a number");
    }

    private static EmulatorException invalid(String message) {
        return EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", message);
    }
}
