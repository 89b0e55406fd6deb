package dev.bricklayer.emulator.arm;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.arm.ArmState.Deployment;
import dev.bricklayer.emulator.arm.ArmState.Operation;
import dev.bricklayer.emulator.arm.ArmState.ResourceGroup;
import dev.bricklayer.emulator.arm.ArmState.WorkspaceResource;
import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.MainApi;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.Surface;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.Workspaces;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import reactor.core.publisher.Mono;

/**
 * Azure Resource Manager: resource groups, {@code Microsoft.Resources/deployments} (template evaluated, resources
 * created when the deployment ends, status behind {@code Azure-AsyncOperation}) and
 * {@code Microsoft.Databricks/workspaces} (PUT/GET/PATCH/DELETE/list with the {@code provisioningState}
 * progression). Every call needs {@code api-version} and an emulator-issued ARM token; writes need Owner or
 * Contributor on the scope. Paths are case-insensitive, as ARM's.
 */
@Component
public class ArmApi implements MainApi {

    private static final Logger log = LoggerFactory.getLogger(ArmApi.class);

    static final Set<String> DEPLOYMENT_VERSIONS = Set.of("2019-10-01", "2020-06-01", "2020-10-01", "2021-01-01",
            "2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01");
    static final Set<String> WORKSPACE_VERSIONS = Set.of("2018-04-01", "2021-04-01-preview", "2022-04-01-preview",
            "2023-02-01", "2023-09-15-preview", "2024-05-01", "2024-09-01-preview", "2025-03-01-preview", "2026-01-01");
    private static final Set<String> SKUS = Set.of("standard", "premium", "trial");
    private static final String SUB = "^/subscriptions/([^/]+)";
    private static final String RG = SUB + "/resourcegroups/([^/]+)";
    private static final Pattern RESOURCE_GROUP = Pattern.compile(RG + "$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DEPLOYMENT = Pattern.compile(RG + "/providers/microsoft\\.resources/deployments/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DEPLOYMENT_STATUS = Pattern.compile(RG + "/providers/microsoft\\.resources/deployments/([^/]+)/operationstatuses/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORKSPACES_IN_RG = Pattern.compile(RG + "/providers/microsoft\\.databricks/workspaces$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORKSPACES_IN_SUB = Pattern.compile(SUB + "/providers/microsoft\\.databricks/workspaces$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORKSPACE = Pattern.compile(RG + "/providers/microsoft\\.databricks/workspaces/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORKSPACE_OPERATION = Pattern.compile(RG + "/providers/microsoft\\.databricks/workspaces/([^/]+)/(operationstatus|operationresults)/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern GENERIC = Pattern.compile(RG + "/providers/([^/]+/[^/]+)/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORKSPACE_NAME = Pattern.compile("^[a-zA-Z0-9_-]{3,64}$");
    private static final Pattern DEPLOYMENT_NAME = Pattern.compile("^[-\\w._()]{1,64}$");

    private final ArmState state;
    private final Directory directory;
    private final TokenIssuer issuer;
    private final Workspaces workspaces;
    private final ArmFailureScript failures;
    private final EmulatorServers servers;
    private final ObjectMapper mapper;
    private final JsonBodies bodies;
    private final Duration duration;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "arm-operations");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    public ArmApi(ArmState state, Directory directory, TokenIssuer issuer, Workspaces workspaces, ArmFailureScript failures,
                  @Lazy EmulatorServers servers, ObjectMapper mapper, JsonBodies bodies, EmulatorProperties properties) {
        this.bodies = bodies;
        this.state = state;
        this.directory = directory;
        this.issuer = issuer;
        this.workspaces = workspaces;
        this.failures = failures;
        this.servers = servers;
        this.mapper = mapper;
        this.duration = properties.deploymentDuration();
    }

    @Override
    public Surface surface() {
        return Surface.ARM;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(request -> EmulatorServers.mainSurface(request.path()) == Surface.ARM, this::dispatch);
    }

    /** Subscription request budget per hour (ARM's throttling counters). */
    private static final class Budget {
        final AtomicInteger reads = new AtomicInteger(12_000);
        final AtomicInteger writes = new AtomicInteger(1_200);
        final Instant resetAt = Instant.now().plus(Duration.ofHours(1));
    }

    private Mono<ServerResponse> dispatch(ServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        ServicePrincipal caller = authenticate(request);
        String apiVersion = request.queryParam("api-version").orElseThrow(() -> EmulatorException.arm(400,
                "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."));
        boolean write = method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE || method == HttpMethod.POST;
        Matcher sub = Pattern.compile(SUB, Pattern.CASE_INSENSITIVE).matcher(path);
        String subscriptionId = sub.find() ? sub.group(1) : "-";
        Map<String, String> headers = throttle(subscriptionId, write);
        headers.put("x-ms-request-id", UUID.randomUUID().toString());
        headers.put("x-ms-correlation-request-id", request.headers().firstHeader("x-ms-correlation-request-id") != null
                ? request.headers().firstHeader("x-ms-correlation-request-id") : UUID.randomUUID().toString());
        authorize(caller, scopeOf(path), write, actionOf(path, method));
        headers.forEach((name, value) -> request.exchange().getResponse().getHeaders().set(name, value));
        return route(request, path, method, apiVersion, caller);
    }

    private Mono<ServerResponse> route(ServerRequest request, String path, HttpMethod method, String apiVersion,
                                       ServicePrincipal caller) {
        Matcher m;
        if ((m = DEPLOYMENT_STATUS.matcher(path)).matches() && method == HttpMethod.GET) {
            version(apiVersion, DEPLOYMENT_VERSIONS);
            return operationStatus(m.group(4));
        }
        if ((m = DEPLOYMENT.matcher(path)).matches()) {
            version(apiVersion, DEPLOYMENT_VERSIONS);
            String sub = m.group(1);
            String rg = m.group(2);
            String name = m.group(3);
            if (method == HttpMethod.PUT) {
                return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> putDeployment(sub, rg, name, body, apiVersion, caller));
            }
            if (method == HttpMethod.GET) {
                return ok(deploymentJson(findDeployment(sub, rg, name)));
            }
        }
        if ((m = WORKSPACE_OPERATION.matcher(path)).matches() && method == HttpMethod.GET) {
            version(apiVersion, WORKSPACE_VERSIONS);
            Operation operation = operation(m.group(5));
            if (m.group(4).equalsIgnoreCase("operationresults")) {
                return "Succeeded".equals(operation.status) || "Failed".equals(operation.status)
                        ? ServerResponse.noContent().build()
                        : ServerResponse.accepted().header("Retry-After", "10").build();
            }
            return operationStatus(m.group(5));
        }
        if ((m = WORKSPACE.matcher(path)).matches()) {
            version(apiVersion, WORKSPACE_VERSIONS);
            String sub = m.group(1);
            String rg = m.group(2);
            String name = m.group(3);
            if (method == HttpMethod.PUT) {
                return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> putWorkspace(sub, rg, name, body, apiVersion, caller));
            }
            if (method == HttpMethod.GET) {
                return ok(findWorkspace(sub, rg, name).json);
            }
            if (method == HttpMethod.PATCH) {
                return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> patchWorkspace(sub, rg, name, body, caller));
            }
            if (method == HttpMethod.DELETE) {
                return deleteWorkspace(sub, rg, name, apiVersion);
            }
        }
        if ((m = WORKSPACES_IN_RG.matcher(path)).matches() && method == HttpMethod.GET) {
            version(apiVersion, WORKSPACE_VERSIONS);
            requireResourceGroup(m.group(1), m.group(2));
            String prefix = ArmState.key("/subscriptions/" + m.group(1) + "/resourceGroups/" + m.group(2) + "/");
            return ok(list(prefix));
        }
        if ((m = WORKSPACES_IN_SUB.matcher(path)).matches() && method == HttpMethod.GET) {
            version(apiVersion, WORKSPACE_VERSIONS);
            return ok(list(ArmState.key("/subscriptions/" + m.group(1) + "/")));
        }
        if ((m = RESOURCE_GROUP.matcher(path)).matches()) {
            version(apiVersion, DEPLOYMENT_VERSIONS);
            String sub = m.group(1);
            String name = m.group(2);
            if (method == HttpMethod.PUT) {
                return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> putResourceGroup(sub, name, body));
            }
            if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                ResourceGroup group = requireResourceGroup(m.group(1), m.group(2));
                return method == HttpMethod.HEAD ? ServerResponse.noContent().build() : ok(resourceGroupJson(group));
            }
        }
        if ((m = GENERIC.matcher(path)).matches() && method == HttpMethod.GET) {
            synchronized (state) {
                ObjectNode resource = state.resources.get(ArmState.key(path));
                if (resource == null) {
                    throw notFound(m.group(3), m.group(4), m.group(2));
                }
                return ok(resource);
            }
        }
        throw EmulatorException.arm(404, "InvalidResourceType", "The resource type could not be found for the path '"
                + path + "' and method " + method.name() + ".");
    }

    // ---- authentication, authorization, throttling -----------------------------------------------------

    private ServicePrincipal authenticate(ServerRequest request) {
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
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
                    + token.expiresAt() + "' is earlier than current UTC time '" + Instant.now() + "'.");
        }
        request.exchange().getAttributes().put(RequestContext.PRINCIPAL, token.appId());
        return directory.servicePrincipal(token.appId()).orElseThrow(() ->
                EmulatorException.arm(401, "InvalidAuthenticationToken", "The access token is from an unknown application."));
    }

    private void authorize(ServicePrincipal caller, String scope, boolean write, String action) {
        boolean allowed = write ? directory.canWrite(caller, scope) : directory.canRead(caller, scope);
        if (!allowed) {
            throw EmulatorException.arm(403, "AuthorizationFailed", "The client '" + caller.clientId() + "' with object id '"
                    + caller.objectId() + "' does not have authorization to perform action '" + action + "' over scope '"
                    + scope + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
        }
    }

    private static String scopeOf(String path) {
        Matcher workspace = WORKSPACE.matcher(path);
        if (workspace.find()) {
            return path.substring(0, workspace.end());
        }
        Matcher group = Pattern.compile(RG, Pattern.CASE_INSENSITIVE).matcher(path);
        if (group.find()) {
            return group.group();
        }
        Matcher sub = Pattern.compile(SUB, Pattern.CASE_INSENSITIVE).matcher(path);
        return sub.find() ? sub.group() : path;
    }

    private static String actionOf(String path, HttpMethod method) {
        String verb = method == HttpMethod.DELETE ? "delete" : method == HttpMethod.GET || method == HttpMethod.HEAD ? "read" : "write";
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("/microsoft.databricks/workspaces")) {
            return "Microsoft.Databricks/workspaces/" + verb;
        }
        if (lower.contains("/microsoft.resources/deployments")) {
            return "Microsoft.Resources/deployments/" + verb;
        }
        return "Microsoft.Resources/subscriptions/resourceGroups/" + verb;
    }

    private Map<String, String> throttle(String subscriptionId, boolean write) {
        Budget budget = budgets.compute(subscriptionId.toLowerCase(Locale.ROOT),
                (k, current) -> current == null || Instant.now().isAfter(current.resetAt) ? new Budget() : current);
        int remaining = (write ? budget.writes : budget.reads).decrementAndGet();
        if (remaining < 0) {
            long retryAfter = Math.max(1, Duration.between(Instant.now(), budget.resetAt).toSeconds());
            throw EmulatorException.arm(429, "TooManyRequests", "Number of " + (write ? "write" : "read")
                    + " requests for subscription '" + subscriptionId + "' exceeded the limit of '"
                    + (write ? 1200 : 12000) + "' for time interval '01:00:00'. Please try again after '"
                    + retryAfter + "' seconds.").header("Retry-After", String.valueOf(retryAfter));
        }
        Map<String, String> headers = new HashMap<>();
        headers.put(write ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads",
                String.valueOf(remaining));
        return headers;
    }

    private static void version(String apiVersion, Set<String> supported) {
        if (!supported.contains(apiVersion)) {
            throw EmulatorException.arm(400, "InvalidApiVersionParameter", "The api-version '" + apiVersion
                    + "' is invalid. The supported versions are '" + String.join(",", new java.util.TreeSet<>(supported)) + "'.");
        }
    }

    // ---- resource groups ---------------------------------------------------------------------------------

    private Mono<ServerResponse> putResourceGroup(String sub, String name, ObjectNode body) {
        String location = body.path("location").asText(null);
        if (location == null || location.isBlank()) {
            throw EmulatorException.arm(400, "LocationRequired", "The location property is required for this definition.");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        boolean created;
        ResourceGroup group;
        synchronized (state) {
            String key = ArmState.key("/subscriptions/" + sub + "/resourceGroups/" + name);
            created = !state.resourceGroups.containsKey(key);
            group = new ResourceGroup(sub, created ? name : state.resourceGroups.get(key).name(), location, tags);
            state.resourceGroups.put(key, group);
        }
        return JsonBodies.status(created ? 201 : 200, resourceGroupJson(group));
    }

    private ObjectNode resourceGroupJson(ResourceGroup group) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", group.id());
        json.put("name", group.name());
        json.put("type", "Microsoft.Resources/resourceGroups");
        json.put("location", group.location());
        json.set("tags", mapper.valueToTree(group.tags()));
        json.putObject("properties").put("provisioningState", "Succeeded");
        return json;
    }

    private ResourceGroup requireResourceGroup(String sub, String name) {
        synchronized (state) {
            ResourceGroup group = state.resourceGroups.get(ArmState.key("/subscriptions/" + sub + "/resourceGroups/" + name));
            if (group == null) {
                throw EmulatorException.arm(404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
            }
            return group;
        }
    }

    // ---- deployments -------------------------------------------------------------------------------------

    private Mono<ServerResponse> putDeployment(String sub, String rg, String name, ObjectNode body, String apiVersion,
                                               ServicePrincipal caller) {
        if (!DEPLOYMENT_NAME.matcher(name).matches()) {
            throw EmulatorException.arm(400, "InvalidDeploymentName", "The deployment name '" + name + "' is invalid. It can "
                    + "contain only alphanumeric, underscore, parentheses, hyphen and period characters and be 1 to 64 characters long.");
        }
        ResourceGroup group = requireResourceGroup(sub, rg);
        JsonNode properties = body.get("properties");
        if (properties == null || !properties.isObject()) {
            throw EmulatorException.arm(400, "InvalidRequestContent", "The request content was invalid and could not be "
                    + "deserialized: 'Required property 'properties' not found in JSON.'");
        }
        String mode = properties.path("mode").asText(null);
        if (!"Incremental".equalsIgnoreCase(String.valueOf(mode)) && !"Complete".equalsIgnoreCase(String.valueOf(mode))) {
            throw EmulatorException.arm(400, "InvalidRequestContent", "The request content was invalid and could not be "
                    + "deserialized: 'Required property 'mode' expects 'Incremental' or 'Complete'.'");
        }
        JsonNode template = properties.get("template");
        if ((template == null || !template.isObject()) && !properties.has("templateLink")) {
            throw EmulatorException.arm(400, "InvalidRequestContent", "The request content was invalid: 'template' or "
                    + "'templateLink' is required.");
        }
        String id = group.id() + "/providers/Microsoft.Resources/deployments/" + name;
        Deployment deployment;
        boolean replaced;
        synchronized (state) {
            Deployment existing = state.deployments.get(ArmState.key(id));
            if (existing != null && ("Accepted".equals(existing.provisioningState) || "Running".equals(existing.provisioningState))) {
                throw EmulatorException.arm(409, "DeploymentActive", "Unable to edit or replace deployment '" + name
                        + "': previous deployment from '" + existing.startedAt + "' is still active (expiration time is '"
                        + existing.startedAt.plus(Duration.ofDays(7)) + "'). Please see https://aka.ms/arm-deploy for usage details.");
            }
            replaced = existing != null;
        }
        List<PlannedResource> plan = template != null && template.isObject()
                ? plan(sub, group, template, properties.path("parameters"), caller) : null;
        deployment = new Deployment();
        deployment.id = id;
        deployment.name = name;
        deployment.subscriptionId = sub;
        deployment.resourceGroup = group.name();
        deployment.properties = ((ObjectNode) properties).deepCopy();
        deployment.provisioningState = "Accepted";
        deployment.correlationId = UUID.randomUUID().toString();
        deployment.operationId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT).replace("-", "").substring(0, 16);
        deployment.apiVersion = apiVersion;
        deployment.startedAt = Instant.now();
        Operation operation = newOperation(deployment.operationId, "Accepted");
        synchronized (state) {
            state.deployments.put(ArmState.key(id), deployment);
        }
        scheduler.schedule(() -> advance(deployment, operation, "Running"), duration.toMillis() / 5, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> complete(deployment, operation, plan), duration.toMillis(), TimeUnit.MILLISECONDS);
        String statusUrl = servers.mainBaseUrl() + id + "/operationStatuses/" + deployment.operationId + "?api-version=" + apiVersion;
        return JsonBodies.write(ServerResponse.status(replaced ? 200 : 201).header("Azure-AsyncOperation", statusUrl),
                deploymentJson(deployment));
    }

    /** A resource of a template, with its expressions evaluated. */
    record PlannedResource(String type, String apiVersion, String name, ObjectNode body, String id) {
    }

    private List<PlannedResource> plan(String sub, ResourceGroup group, JsonNode template, JsonNode given, ServicePrincipal caller) {
        String tenantId = directory.tenants().stream()
                .filter(t -> t.servicePrincipals().stream().anyMatch(sp -> sp.clientId().equals(caller.clientId())))
                .map(EmulatorProperties.Tenant::id).findFirst().orElse("00000000-0000-0000-0000-000000000000");
        JsonNode definitions = template.path("parameters");
        given.fieldNames().forEachRemaining(parameter -> {
            if (!definitions.has(parameter)) {
                throw invalidTemplate("The template parameters '" + parameter + "' in the parameters file are not valid; they are "
                        + "not present in the original template and can therefore not be provided at deployment time. The only "
                        + "supported parameters for this template are '" + String.join(", ", iterable(definitions.fieldNames())) + "'.");
            }
        });
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        TemplateExpressions.Scope[] scope = new TemplateExpressions.Scope[1];
        scope[0] = new TemplateExpressions.Scope(sub, tenantId, group.name(), group.location(),
                name -> Optional.ofNullable(parameters.get(name)).orElseThrow(() -> invalidTemplate(
                        "The template parameter '" + name + "' is not found.")),
                name -> variables.computeIfAbsent(name, n -> {
                    JsonNode raw = template.path("variables").get(n);
                    if (raw == null) {
                        throw invalidTemplate("The template variable '" + n + "' is not found.");
                    }
                    return TemplateExpressions.evaluateTree(raw, scope[0]);
                }));
        try {
            definitions.fields().forEachRemaining(entry -> {
                String parameter = entry.getKey();
                JsonNode definition = entry.getValue();
                JsonNode value = given.path(parameter).get("value");
                if (value == null) {
                    if (!definition.has("defaultValue")) {
                        throw invalidTemplate("The value for the template parameter '" + parameter + "' at line '1' and "
                                + "column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.");
                    }
                    value = TemplateExpressions.evaluateTree(definition.get("defaultValue"), scope[0]);
                }
                JsonNode allowed = definition.get("allowedValues");
                if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
                    throw invalidTemplate("The provided value '" + value.asText() + "' for the template parameter '" + parameter
                            + "' is not valid. The parameter value is not part of the allowed value(s): '"
                            + String.join(",", iterable(allowed.elements()).stream().map(JsonNode::asText).toList()) + "'.");
                }
                parameters.put(parameter, value);
            });
            List<PlannedResource> plan = new ArrayList<>();
            for (JsonNode resource : template.path("resources")) {
                ObjectNode evaluated = (ObjectNode) TemplateExpressions.evaluateTree(resource, scope[0]);
                String type = resource.path("type").asText();
                String name = evaluated.path("name").asText();
                String id = group.id() + "/providers/" + type + "/" + name;
                plan.add(new PlannedResource(type, resource.path("apiVersion").asText(), name, evaluated, id));
            }
            return plan;
        } catch (TemplateExpressions.ExpressionException e) {
            throw invalidTemplate(e.getMessage());
        }
    }

    private static EmulatorException invalidTemplate(String message) {
        return EmulatorException.arm(400, "InvalidTemplate", "Deployment template validation failed: '" + message + "'.");
    }

    private void advance(Deployment deployment, Operation operation, String status) {
        synchronized (state) {
            if ("Accepted".equals(deployment.provisioningState)) {
                deployment.provisioningState = status;
                operation.status = status;
            }
        }
    }

    /** Creates the deployment's resources (or fails it) once its time is up. */
    private void complete(Deployment deployment, Operation operation, List<PlannedResource> plan) {
        ObjectNode error = null;
        List<String> created = new ArrayList<>();
        try {
            if (plan == null) {
                error = detail("InvalidContentLink", "Unable to download deployment content from '"
                        + deployment.properties.path("templateLink").path("uri").asText(deployment.properties.path("templateLink").path("id").asText())
                        + "'. The emulator cannot reach linked templates.");
            } else {
                Optional<ArmFailureScript.Failure> scripted = failures.take(java.util.stream.Stream.concat(java.util.stream.Stream.of(
                        deployment.resourceGroup, deployment.name), plan.stream().map(PlannedResource::name)).toArray(String[]::new));
                if (scripted.isPresent()) {
                    error = detail(scripted.get().code(), scripted.get().message());
                } else {
                    for (PlannedResource resource : plan) {
                        Optional<ObjectNode> failed = create(deployment, resource);
                        if (failed.isPresent()) {
                            error = failed.get();
                            break;
                        }
                        created.add(resource.id());
                    }
                }
            }
        } catch (RuntimeException unexpected) {
            log.error("Deployment {} failed unexpectedly", deployment.id, unexpected);
            error = detail("InternalServerError", "The emulator failed to deploy: " + unexpected.getMessage());
        }
        synchronized (state) {
            deployment.endedAt = Instant.now();
            deployment.outputResources.addAll(created);
            operation.endTime = deployment.endedAt;
            if (error == null) {
                deployment.provisioningState = "Succeeded";
                operation.status = "Succeeded";
            } else {
                ObjectNode failure = mapper.createObjectNode();
                failure.put("code", "DeploymentFailed");
                failure.put("target", deployment.id);
                failure.put("message", "At least one resource deployment operation failed. Please list deployment operations "
                        + "for details. Please see https://aka.ms/arm-deployment-operations for usage details.");
                failure.putArray("details").add(error);
                deployment.error = failure;
                deployment.provisioningState = "Failed";
                operation.status = "Failed";
                operation.error = failure;
            }
        }
    }

    private ObjectNode detail(String code, String message) {
        ObjectNode detail = mapper.createObjectNode();
        detail.put("code", code);
        detail.put("message", message);
        return detail;
    }

    /** Creates one template resource; an error detail when the resource itself fails. */
    private Optional<ObjectNode> create(Deployment deployment, PlannedResource resource) {
        String type = resource.type().toLowerCase(Locale.ROOT);
        if (type.equals("microsoft.network/virtualnetworks")) {
            Optional<ObjectNode> invalid = checkVirtualNetwork(resource);
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        if (type.equals("microsoft.databricks/workspaces")) {
            return createWorkspace(deployment, resource);
        }
        ObjectNode json = resource.body().deepCopy();
        json.put("id", resource.id());
        json.put("type", resource.type());
        json.remove(List.of("apiVersion", "dependsOn"));
        json.with("properties").put("provisioningState", "Succeeded");
        synchronized (state) {
            state.resources.put(ArmState.key(resource.id()), json);
        }
        return Optional.empty();
    }

    private Optional<ObjectNode> checkVirtualNetwork(PlannedResource resource) {
        List<IPAddress> spaces = new ArrayList<>();
        for (JsonNode prefix : resource.body().path("properties").path("addressSpace").path("addressPrefixes")) {
            IPAddress address = new IPAddressString(prefix.asText()).getAddress();
            if (address == null) {
                return Optional.of(detail("InvalidAddressPrefixFormat", "Address prefix " + prefix.asText() + " of virtual network "
                        + resource.name() + " is not in a valid format."));
            }
            spaces.add(address.toPrefixBlock());
        }
        List<IPAddress> subnets = new ArrayList<>();
        for (JsonNode subnet : resource.body().path("properties").path("subnets")) {
            String prefix = subnet.path("properties").path("addressPrefix").asText();
            IPAddress address = new IPAddressString(prefix).getAddress();
            String name = subnet.path("name").asText();
            if (address == null) {
                return Optional.of(detail("InvalidAddressPrefixFormat", "Address prefix " + prefix + " of subnet " + name
                        + " is not in a valid format."));
            }
            IPAddress block = address.toPrefixBlock();
            if (spaces.stream().noneMatch(space -> space.contains(block))) {
                return Optional.of(detail("NetcfgSubnetRangeOutsideVnet", "Subnet '" + name + "' is not valid because its IP "
                        + "address range is outside the IP address range of virtual network '" + resource.name() + "'."));
            }
            for (IPAddress other : subnets) {
                if (other.overlaps(block)) {
                    return Optional.of(detail("NetcfgSubnetRangesOverlap", "Subnet '" + name + "' is not valid because its IP "
                            + "address range overlaps with that of an existing subnet in virtual network '" + resource.name() + "'."));
                }
            }
            subnets.add(block);
        }
        return Optional.empty();
    }

    private Optional<ObjectNode> createWorkspace(Deployment deployment, PlannedResource resource) {
        ObjectNode body = resource.body();
        Optional<ObjectNode> invalid = validateWorkspace(resource.name(), body, true);
        if (invalid.isPresent()) {
            return invalid;
        }
        JsonNode parameters = body.path("properties").path("parameters");
        String vnetId = parameters.path("customVirtualNetworkId").path("value").asText(null);
        if (vnetId != null) {
            ObjectNode vnet;
            synchronized (state) {
                vnet = state.resources.get(ArmState.key(vnetId));
            }
            if (vnet == null) {
                return Optional.of(detail("InvalidVirtualNetworkId", "The virtual network '" + vnetId + "' does not exist."));
            }
            for (String key : List.of("customPublicSubnetName", "customPrivateSubnetName")) {
                String subnetName = parameters.path(key).path("value").asText(null);
                JsonNode subnet = null;
                for (JsonNode candidate : vnet.path("properties").path("subnets")) {
                    if (candidate.path("name").asText().equals(subnetName)) {
                        subnet = candidate;
                    }
                }
                if (subnet == null) {
                    return Optional.of(detail("InvalidSubnet", "Subnet '" + subnetName + "' given as " + key
                            + " does not exist in virtual network '" + vnet.path("name").asText() + "'."));
                }
                boolean delegated = false;
                for (JsonNode delegation : subnet.path("properties").path("delegations")) {
                    delegated |= "Microsoft.Databricks/workspaces".equalsIgnoreCase(delegation.path("properties").path("serviceName").asText());
                }
                if (!delegated) {
                    return Optional.of(detail("SubnetMissingRequiredDelegation", "Subnet '" + subnetName + "' must be delegated "
                            + "to 'Microsoft.Databricks/workspaces' to be used for VNet injection."));
                }
            }
        }
        WorkspaceResource workspace = newWorkspaceResource(resource.id(), resource.name(), body, resource.apiVersion(), null);
        finishWorkspace(workspace);
        return Optional.empty();
    }

    /** Name, sku and required properties; an error detail when something is wrong. */
    private Optional<ObjectNode> validateWorkspace(String name, JsonNode body, boolean inDeployment) {
        if (!WORKSPACE_NAME.matcher(name).matches()) {
            return Optional.of(detail("InvalidWorkspaceName", "The workspace name '" + name + "' is invalid: it must be 3 to 64 "
                    + "characters of letters, digits, underscores and hyphens."));
        }
        // an absent sku is premium, as in the specification's examples [K]
        String sku = body.path("sku").path("name").asText("premium");
        if (!SKUS.contains(sku.toLowerCase(Locale.ROOT))) {
            return Optional.of(detail("InvalidSkuName", "The sku '" + sku + "' is not valid. Valid values are: standard, premium, trial."));
        }
        if (body.path("location").asText("").isBlank()) {
            return Optional.of(detail("LocationRequired", "The location property is required for this definition."));
        }
        if (body.path("properties").path("managedResourceGroupId").asText("").isBlank()) {
            return Optional.of(detail("InvalidRequestContent", "The request content was invalid: 'properties.managedResourceGroupId' is required."));
        }
        return Optional.empty();
    }

    private ObjectNode deploymentJson(Deployment deployment) {
        ObjectNode json = mapper.createObjectNode();
        synchronized (state) {
            json.put("id", deployment.id);
            json.put("name", deployment.name);
            json.put("type", "Microsoft.Resources/deployments");
            ObjectNode properties = json.putObject("properties");
            properties.put("templateHash", String.valueOf(Math.abs((long) deployment.properties.path("template").hashCode()) * 1000003L));
            ObjectNode parameters = properties.putObject("parameters");
            deployment.properties.path("parameters").fields().forEachRemaining(e -> {
                JsonNode value = e.getValue().get("value");
                ObjectNode echoed = parameters.putObject(e.getKey());
                echoed.put("type", value == null ? "String" : value.isBoolean() ? "Bool" : value.isNumber() ? "Int"
                        : value.isObject() ? "Object" : value.isArray() ? "Array" : "String");
                if (value != null) {
                    echoed.set("value", value);
                }
            });
            if (deployment.properties.has("templateLink")) {
                properties.set("templateLink", deployment.properties.get("templateLink"));
            }
            properties.put("mode", deployment.properties.path("mode").asText());
            properties.put("provisioningState", deployment.provisioningState);
            properties.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(deployment.endedAt != null ? deployment.endedAt : deployment.startedAt));
            Duration took = Duration.between(deployment.startedAt, deployment.endedAt != null ? deployment.endedAt : Instant.now());
            properties.put("duration", took.toString());
            properties.put("correlationId", deployment.correlationId);
            properties.putArray("providers");
            properties.putArray("dependencies");
            if ("Succeeded".equals(deployment.provisioningState)) {
                ArrayNode outputs = properties.putArray("outputResources");
                deployment.outputResources.forEach(id -> outputs.addObject().put("id", id));
            }
            if (deployment.error != null) {
                properties.set("error", deployment.error);
            }
        }
        return json;
    }

    private Deployment findDeployment(String sub, String rg, String name) {
        requireResourceGroup(sub, rg);
        synchronized (state) {
            Deployment deployment = state.deployments.get(ArmState.key("/subscriptions/" + sub + "/resourceGroups/" + rg
                    + "/providers/Microsoft.Resources/deployments/" + name));
            if (deployment == null) {
                throw EmulatorException.arm(404, "DeploymentNotFound", "Deployment '" + name + "' could not be found.");
            }
            return deployment;
        }
    }

    // ---- operations --------------------------------------------------------------------------------------

    private Operation newOperation(String id, String status) {
        Operation operation = new Operation();
        operation.id = id;
        operation.status = status;
        operation.startTime = Instant.now();
        synchronized (state) {
            state.operations.put(id, operation);
        }
        return operation;
    }

    private Operation operation(String id) {
        synchronized (state) {
            Operation operation = state.operations.get(id);
            if (operation == null) {
                throw EmulatorException.arm(404, "OperationNotFound", "The operation '" + id + "' could not be found.");
            }
            return operation;
        }
    }

    private Mono<ServerResponse> operationStatus(String id) {
        Operation operation = operation(id);
        ObjectNode json = mapper.createObjectNode();
        synchronized (state) {
            json.put("status", operation.status);
            if (operation.error != null) {
                json.set("error", operation.error);
            }
        }
        return ok(json);
    }

    // ---- workspaces --------------------------------------------------------------------------------------

    private Mono<ServerResponse> putWorkspace(String sub, String rg, String name, ObjectNode body, String apiVersion,
                                              ServicePrincipal caller) {
        ResourceGroup group = requireResourceGroup(sub, rg);
        validateWorkspace(name, body, false).ifPresent(problem -> {
            throw EmulatorException.arm(400, problem.path("code").asText(), problem.path("message").asText());
        });
        String id = group.id() + "/providers/Microsoft.Databricks/workspaces/" + name;
        WorkspaceResource existing;
        synchronized (state) {
            existing = state.workspaces.get(ArmState.key(id));
        }
        if (existing != null) {
            if (!"Succeeded".equals(existing.provisioningState) && !"Failed".equals(existing.provisioningState)) {
                throw EmulatorException.arm(409, "AnotherOperationInProgress", "Another operation on this or dependent resource "
                        + "is in progress. To retrieve status of the operation use uri: " + servers.mainBaseUrl() + id);
            }
            synchronized (state) {
                if (body.has("tags")) {
                    existing.json.set("tags", body.get("tags"));
                }
            }
            return ok(existing.json);
        }
        WorkspaceResource workspace = newWorkspaceResource(id, name, body, apiVersion, caller);
        Operation operation = newOperation(workspace.operationId, "Accepted");
        Optional<ArmFailureScript.Failure> scripted = failures.take(rg, name);
        scheduler.schedule(() -> {
            if (scripted.isPresent()) {
                synchronized (state) {
                    workspace.provisioningState = "Failed";
                    workspace.json.with("properties").put("provisioningState", "Failed");
                    operation.status = "Failed";
                    operation.endTime = Instant.now();
                    operation.error = detail(scripted.get().code(), scripted.get().message());
                }
            } else {
                finishWorkspace(workspace);
                synchronized (state) {
                    operation.status = "Succeeded";
                    operation.endTime = Instant.now();
                }
            }
        }, duration.toMillis(), TimeUnit.MILLISECONDS);
        String statusUrl = servers.mainBaseUrl() + id + "/operationStatus/" + workspace.operationId + "?api-version=" + apiVersion;
        return JsonBodies.write(ServerResponse.status(201).header("Azure-AsyncOperation", statusUrl), workspace.json);
    }

    private WorkspaceResource newWorkspaceResource(String id, String name, JsonNode body, String apiVersion, ServicePrincipal caller) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", id);
        json.put("name", name);
        json.put("type", "Microsoft.Databricks/workspaces");
        json.put("location", body.path("location").asText());
        json.set("tags", body.has("tags") ? body.get("tags") : mapper.nullNode());
        json.putObject("sku").put("name", body.path("sku").path("name").asText("premium").toLowerCase(Locale.ROOT));
        // the request's own properties (accessConnector, defaultCatalog, encryption, …) are echoed as given
        ObjectNode properties = body.path("properties").isObject() ? ((ObjectNode) body.get("properties")).deepCopy()
                : mapper.createObjectNode();
        properties.remove(List.of("provisioningState", "workspaceId", "workspaceUrl", "parameters"));
        json.set("properties", properties);
        properties.put("managedResourceGroupId", body.path("properties").path("managedResourceGroupId").asText());
        if (!properties.has("uiDefinitionUri")) {
            properties.put("uiDefinitionUri", "https://portal.azure.com/emulated/workspaceCreateUiDefinition.json");
        }
        JsonNode given = body.path("properties").path("parameters");
        if (given.isObject() && given.size() > 0) {
            ObjectNode parameters = properties.putObject("parameters");
            given.fields().forEachRemaining(e -> {
                JsonNode value = e.getValue().get("value");
                ObjectNode typed = parameters.putObject(e.getKey());
                typed.put("type", value != null && value.isBoolean() ? "Bool" : value != null && value.isObject() ? "Object" : "String");
                typed.set("value", value);
            });
        } else {
            properties.putNull("parameters");
        }
        properties.put("provisioningState", "Accepted");
        // Azure Databricks' first-party service principal holds Owner on the managed resource group
        properties.putArray("authorizations").addObject()
                .put("principalId", "9a74af6f-d153-4348-988a-e2672920bee9")
                .put("roleDefinitionId", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
        ObjectNode createdBy = properties.putObject("createdBy");
        createdBy.put("oid", caller != null ? caller.objectId() : "00000000-0000-0000-0000-000000000000");
        createdBy.put("puid", "1003200" + Math.abs((caller != null ? caller.clientId() : "x").hashCode() % 100_000_000));
        createdBy.put("applicationId", caller != null ? caller.clientId() : "00000000-0000-0000-0000-000000000000");
        properties.set("updatedBy", createdBy.deepCopy());
        properties.put("createdDateTime", DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
        if (apiVersion.compareTo("2024-05-01") >= 0) {
            properties.put("isUcEnabled", "UnityCatalog".equals(properties.path("defaultCatalog").path("initialType").asText()));
        }
        WorkspaceResource workspace = new WorkspaceResource();
        workspace.json = json;
        workspace.provisioningState = "Accepted";
        workspace.apiVersion = apiVersion;
        workspace.operationId = UUID.randomUUID().toString();
        synchronized (state) {
            state.workspaces.put(ArmState.key(id), workspace);
        }
        return workspace;
    }

    /** The workspace exists: its endpoint runs, ARM shows its id and URL. */
    private void finishWorkspace(WorkspaceResource workspace) {
        ObjectNode json = workspace.json;
        EmulatedWorkspace running = workspaces.create(json.path("id").asText(), json.path("name").asText(),
                json.path("location").asText(), json.path("sku").path("name").asText());
        synchronized (state) {
            workspace.provisioningState = "Succeeded";
            ObjectNode properties = json.with("properties");
            properties.put("provisioningState", "Succeeded");
            properties.put("workspaceId", running.workspaceId());
            properties.put("workspaceUrl", running.host());
        }
    }

    private Mono<ServerResponse> patchWorkspace(String sub, String rg, String name, ObjectNode body, ServicePrincipal caller) {
        WorkspaceResource workspace = findWorkspace(sub, rg, name);
        synchronized (state) {
            if (body.has("tags")) {
                workspace.json.set("tags", body.get("tags"));
            }
            workspace.json.with("properties").with("updatedBy").put("applicationId", caller.clientId());
        }
        return ok(workspace.json);
    }

    private Mono<ServerResponse> deleteWorkspace(String sub, String rg, String name, String apiVersion) {
        requireResourceGroup(sub, rg);
        String id = "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Databricks/workspaces/" + name;
        WorkspaceResource workspace;
        synchronized (state) {
            workspace = state.workspaces.get(ArmState.key(id));
        }
        if (workspace == null) {
            return ServerResponse.noContent().build();
        }
        String operationId = UUID.randomUUID().toString();
        Operation operation = newOperation(operationId, "Deleting");
        synchronized (state) {
            workspace.provisioningState = "Deleting";
            workspace.json.with("properties").put("provisioningState", "Deleting");
        }
        scheduler.schedule(() -> {
            workspaces.delete(workspace.json.path("id").asText());
            synchronized (state) {
                state.workspaces.remove(ArmState.key(id));
                operation.status = "Succeeded";
                operation.endTime = Instant.now();
            }
        }, Math.max(100, duration.toMillis() / 2), TimeUnit.MILLISECONDS);
        String base = servers.mainBaseUrl() + workspace.json.path("id").asText();
        return ServerResponse.accepted()
                .header("Retry-After", "10")
                .header("Azure-AsyncOperation", base + "/operationStatus/" + operationId + "?api-version=" + apiVersion)
                .header(HttpHeaders.LOCATION, base + "/operationResults/" + operationId + "?api-version=" + apiVersion)
                .build();
    }

    private WorkspaceResource findWorkspace(String sub, String rg, String name) {
        requireResourceGroup(sub, rg);
        synchronized (state) {
            WorkspaceResource workspace = state.workspaces.get(ArmState.key("/subscriptions/" + sub + "/resourceGroups/" + rg
                    + "/providers/Microsoft.Databricks/workspaces/" + name));
            if (workspace == null) {
                throw notFound("Microsoft.Databricks/workspaces", name, rg);
            }
            return workspace;
        }
    }

    private static EmulatorException notFound(String type, String name, String rg) {
        return EmulatorException.arm(404, "ResourceNotFound", "The Resource '" + type + "/" + name + "' under resource group '"
                + rg + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    private ObjectNode list(String prefix) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode value = body.putArray("value");
        synchronized (state) {
            state.workspaces.forEach((key, workspace) -> {
                if (key.startsWith(prefix)) {
                    value.add(workspace.json.deepCopy());
                }
            });
        }
        return body;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private Mono<ServerResponse> ok(JsonNode body) {
        synchronized (state) {
            return JsonBodies.ok(body.deepCopy());
        }
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value) || candidate.asText().equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
