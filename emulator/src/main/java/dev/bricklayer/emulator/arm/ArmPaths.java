package dev.bricklayer.emulator.arm;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.PUT;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Every ARM path the emulator serves, tried in this order: its pattern (case-insensitive, as ARM's paths), the
 * {@code api-version}s its resource type accepts, the scope a role must cover for it, the resource type an
 * {@code AuthorizationFailed} action names, and a handler per method. The {@link ArmGate} checks a request
 * against its row and {@link ArmApi} calls the row's handler.
 */
@Component
class ArmPaths {

    static final Set<String> DEPLOYMENT_VERSIONS = Set.of("2019-10-01", "2020-06-01", "2020-10-01", "2021-01-01",
            "2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01");
    static final Set<String> WORKSPACE_VERSIONS = Set.of("2018-04-01", "2021-04-01-preview", "2022-04-01-preview",
            "2023-02-01", "2023-09-15-preview", "2024-05-01", "2024-09-01-preview", "2025-03-01-preview", "2025-10-01-preview",
            "2026-01-01");
    /** Resources of other providers, created by templates: the emulator does not know their versions. */
    static final Set<String> ANY_VERSION = Set.of();

    static final String RESOURCE_GROUPS = "Microsoft.Resources/subscriptions/resourceGroups";
    static final String DEPLOYMENTS = "Microsoft.Resources/deployments";
    static final String WORKSPACES = "Microsoft.Databricks/workspaces";

    private static final String SUBSCRIPTION = "^/subscriptions/(?<subscription>[^/]+)";
    private static final String GROUP = SUBSCRIPTION + "/resourcegroups/(?<group>[^/]+)";
    private static final Pattern SUBSCRIPTION_PREFIX = Pattern.compile(SUBSCRIPTION, Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUP_PREFIX = Pattern.compile(GROUP, Pattern.CASE_INSENSITIVE);

    /** What a role must cover: the subscription, the resource group, or the resource itself. */
    enum Scope { SUBSCRIPTION, RESOURCE_GROUP, RESOURCE }

    /** One row of the table. */
    record Row(Pattern pattern, Set<String> apiVersions, Scope scope, String resourceType, Map<HttpMethod, ArmCall.Handler> handlers) {
    }

    /** A request path as the gate sees it: its row and match (none for a path no row serves), scope and resource type. */
    record Target(Optional<Row> row, Matcher match, String scope, String resourceType) {
    }

    private final List<Row> rows;

    ArmPaths(ResourceGroupHandler groups, DeploymentHandler deployments, WorkspaceHandler workspaces,
             OperationStatusHandler operations, GenericResourceHandler resources) {
        String deployment = GROUP + "/providers/microsoft\\.resources/deployments/(?<name>[^/]+)";
        String workspace = GROUP + "/providers/microsoft\\.databricks/workspaces/(?<name>[^/]+)";
        rows = List.of(
                row(deployment + "/operationstatuses/(?<operation>[^/]+)", DEPLOYMENT_VERSIONS, Scope.RESOURCE_GROUP, DEPLOYMENTS,
                        Map.of(GET, operations::status)),
                row(deployment, DEPLOYMENT_VERSIONS, Scope.RESOURCE_GROUP, DEPLOYMENTS,
                        Map.of(PUT, deployments::put, GET, deployments::get)),
                row(workspace + "/(?<kind>operationstatus|operationresults)/(?<operation>[^/]+)", WORKSPACE_VERSIONS,
                        Scope.RESOURCE_GROUP, WORKSPACES, Map.of(GET, operations::workspaceOperation)),
                row(workspace, WORKSPACE_VERSIONS, Scope.RESOURCE, WORKSPACES,
                        Map.of(PUT, workspaces::put, GET, workspaces::get, PATCH, workspaces::patch, DELETE, workspaces::delete)),
                row(GROUP + "/providers/microsoft\\.databricks/workspaces", WORKSPACE_VERSIONS, Scope.RESOURCE_GROUP, WORKSPACES,
                        Map.of(GET, workspaces::listInGroup)),
                row(SUBSCRIPTION + "/providers/microsoft\\.databricks/workspaces", WORKSPACE_VERSIONS, Scope.SUBSCRIPTION, WORKSPACES,
                        Map.of(GET, workspaces::listInSubscription)),
                row(GROUP, DEPLOYMENT_VERSIONS, Scope.RESOURCE_GROUP, RESOURCE_GROUPS,
                        Map.of(PUT, groups::put, GET, groups::get, HEAD, groups::head)),
                row(GROUP + "/providers/(?<type>[^/]+/[^/]+)/(?<name>[^/]+)", ANY_VERSION, Scope.RESOURCE_GROUP, RESOURCE_GROUPS,
                        Map.of(GET, resources::get)));
    }

    private static Row row(String pattern, Set<String> versions, Scope scope, String resourceType,
                           Map<HttpMethod, ArmCall.Handler> handlers) {
        return new Row(Pattern.compile(pattern + "$", Pattern.CASE_INSENSITIVE), versions, scope, resourceType, handlers);
    }

    /** The row serving {@code path}, its match, and what a role must cover to call it. */
    Target target(String path) {
        for (Row row : rows) {
            Matcher match = row.pattern().matcher(path);
            if (match.matches()) {
                String scope = switch (row.scope()) {
                    case SUBSCRIPTION -> path.substring(0, match.end("subscription"));
                    case RESOURCE_GROUP -> path.substring(0, match.end("group"));
                    case RESOURCE -> path;
                };
                return new Target(Optional.of(row), match, scope, row.resourceType());
            }
        }
        return new Target(Optional.empty(), null, scopeOf(path), resourceTypeOf(path));
    }

    /** The subscription a path names, {@code -} for none. */
    static String subscriptionOf(String path) {
        Matcher subscription = SUBSCRIPTION_PREFIX.matcher(path);
        return subscription.find() ? subscription.group("subscription") : "-";
    }

    private static String scopeOf(String path) {
        Matcher group = GROUP_PREFIX.matcher(path);
        if (group.find()) {
            return group.group();
        }
        Matcher subscription = SUBSCRIPTION_PREFIX.matcher(path);
        return subscription.find() ? subscription.group() : path;
    }

    private static String resourceTypeOf(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("/microsoft.databricks/workspaces")) {
            return WORKSPACES;
        }
        return lower.contains("/microsoft.resources/deployments") ? DEPLOYMENTS : RESOURCE_GROUPS;
    }
}
