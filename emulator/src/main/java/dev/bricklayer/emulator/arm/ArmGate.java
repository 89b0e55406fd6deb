package dev.bricklayer.emulator.arm;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.MainFilter;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.Surface;
import reactor.core.publisher.Mono;

/**
 * What every ARM request passes before a handler, in this order:
 * <ol>
 *   <li>an emulator-issued ARM token (401 {@code AuthenticationFailed}, {@code InvalidAuthenticationToken},
 *       {@code InvalidAuthenticationTokenAudience}, {@code ExpiredAuthenticationToken});</li>
 *   <li>an {@code api-version} (400 {@code MissingApiVersionParameter});</li>
 *   <li>the subscription's read or write budget ({@link SubscriptionBudget}: 429);</li>
 *   <li>a role on the path's scope — any for reads, Owner or Contributor for writes (403 {@code AuthorizationFailed});
 *       from here answers carry the budget header, {@code x-ms-request-id} and {@code x-ms-correlation-request-id};</li>
 *   <li>a row of {@link ArmPaths} for the path (404 {@code InvalidResourceType}), one of its resource type's
 *       api-versions (400 {@code InvalidApiVersionParameter}) and a handler for the method (404).</li>
 * </ol>
 * It leaves an {@link ArmCall} for the handler.
 */
@Component
class ArmGate implements MainFilter {

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.POST);

    private final ArmPaths paths;
    private final SubscriptionBudget budget;
    private final TokenIssuer issuer;
    private final Directory directory;
    private final Clock clock;

    ArmGate(ArmPaths paths, SubscriptionBudget budget, TokenIssuer issuer, Directory directory, Clock clock) {
        this.paths = paths;
        this.budget = budget;
        this.issuer = issuer;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ARM_GATE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (EmulatorServers.mainSurface(path) != Surface.ARM) {
            return chain.filter(exchange);
        }
        ServicePrincipal caller = authenticate(exchange);
        String apiVersion = apiVersion(request);
        HttpMethod method = request.getMethod();
        boolean write = WRITES.contains(method);
        ArmPaths.Target target = paths.target(path);
        HttpHeaders answer = exchange.getResponse().getHeaders();
        var remaining = budget.take(ArmPaths.subscriptionOf(path), write);
        authorize(caller, target, write, method);
        answer.set(remaining.getKey(), remaining.getValue());
        answer.set("x-ms-request-id", UUID.randomUUID().toString());
        String correlation = request.getHeaders().getFirst("x-ms-correlation-request-id");
        answer.set("x-ms-correlation-request-id", correlation != null ? correlation : UUID.randomUUID().toString());
        ArmPaths.Row row = target.row().orElseThrow(() -> noSuchPath(path, method));
        if (!row.apiVersions().isEmpty() && !row.apiVersions().contains(apiVersion)) {
            throw EmulatorException.arm(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + String.join(",", new TreeSet<>(row.apiVersions())) + "'.");
        }
        if (!row.handlers().containsKey(method)) {
            throw noSuchPath(path, method);
        }
        exchange.getAttributes().put(ArmCall.ATTRIBUTE, new ArmCall(row, target.match(), caller, apiVersion));
        return chain.filter(exchange);
    }

    private ServicePrincipal authenticate(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw EmulatorException.arm(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        TokenIssuer.Verified token;
        try {
            token = issuer.verify(authorization.substring(7).trim(), null);
        } catch (TokenIssuer.InvalidTokenException e) {
            throw EmulatorException.arm(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
        if (!token.audience().equals(TokenIssuer.ARM_RESOURCE) && !token.audience().equals(TokenIssuer.SERVICE_MANAGEMENT_RESOURCE)) {
            throw EmulatorException.arm(401, "InvalidAuthenticationTokenAudience", "The access token has been obtained for "
                    + "wrong audience or resource '" + token.audience() + "'. It should exactly match with one of the allowed "
                    + "audiences 'https://management.core.windows.net/','https://management.azure.com/'.");
        }
        if (token.expired()) {
            throw EmulatorException.arm(401, "ExpiredAuthenticationToken", "The access token expiry UTC time '"
                    + token.expiresAt() + "' is earlier than current UTC time '" + clock.instant() + "'.");
        }
        exchange.getAttributes().put(RequestContext.PRINCIPAL, token.appId());
        return directory.servicePrincipal(token.appId()).orElseThrow(() ->
                EmulatorException.arm(401, "InvalidAuthenticationToken", "The access token is from an unknown application."));
    }

    /** The first {@code api-version} ({@code ""} when it has no value); 400 when there is none. */
    private static String apiVersion(ServerHttpRequest request) {
        List<String> values = request.getQueryParams().get("api-version");
        if (values == null || values.isEmpty()) {
            throw EmulatorException.arm(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        return values.get(0) == null ? "" : values.get(0);
    }

    private void authorize(ServicePrincipal caller, ArmPaths.Target target, boolean write, HttpMethod method) {
        boolean allowed = write ? directory.canWrite(caller, target.scope()) : directory.canRead(caller, target.scope());
        if (!allowed) {
            String verb = method == HttpMethod.DELETE ? "delete" : method == HttpMethod.GET || method == HttpMethod.HEAD ? "read" : "write";
            throw EmulatorException.arm(403, "AuthorizationFailed", "The client '" + caller.clientId() + "' with object id '"
                    + caller.objectId() + "' does not have authorization to perform action '" + target.resourceType() + "/"
                    + verb + "' over scope '" + target.scope() + "' or the scope is invalid. If access was recently granted, "
                    + "please refresh your credentials.");
        }
    }

    private static EmulatorException noSuchPath(String path, HttpMethod method) {
        return EmulatorException.arm(404, "InvalidResourceType", "The resource type could not be found for the path '"
                + path + "' and method " + method.name() + ".");
    }
}
