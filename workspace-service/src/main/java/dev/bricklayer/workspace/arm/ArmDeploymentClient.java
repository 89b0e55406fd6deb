package dev.bricklayer.workspace.arm;

import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.RequestAttributes;
import reactor.core.publisher.Mono;

/**
 * Azure Resource Manager as workspace-service uses it: resource groups, template deployments and their
 * operation status, and the workspace resource. One method per endpoint, the path in the method; calls go
 * through the common HTTP stack (AAD token, retry, throttling, write-ahead audit).
 */
public class ArmDeploymentClient {

    static final String RESOURCES_API = "2022-09-01";
    /** The api-version of deletes, which every workspace accepts whatever api-version made it. */
    static final String DATABRICKS_API = ArmOptions.CLASSIC_API_VERSION;

    private final ApiClientFactory clients;

    public ArmDeploymentClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    private WebClient arm() {
        return clients.arm();
    }

    /** PUT the resource group (created, or left as it is) of a workspace. */
    public Mono<Void> putResourceGroup(String subscriptionId, String resourceGroup, String location, Map<String, String> tags,
                                       String workspaceName) {
        return arm().put()
                .uri("/subscriptions/{subscriptionId}/resourcegroups/{resourceGroup}?api-version=" + RESOURCES_API,
                        subscriptionId, resourceGroup)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .bodyValue(Map.of("location", location, "tags", tags == null ? Map.of() : tags))
                .retrieve().toBodilessEntity().then();
    }

    /**
     * PUT a deployment; emits the {@code Azure-AsyncOperation} URL to poll. A deployment of that name that is
     * still running is not replaced: its own status is polled instead (ARM answers {@code DeploymentActive}).
     */
    public Mono<String> putDeployment(String subscriptionId, String resourceGroup, String workspaceName, WorkspaceDeployment deployment) {
        return arm().put()
                .uri("/subscriptions/{subscriptionId}/resourcegroups/{resourceGroup}/providers/Microsoft.Resources/deployments/{name}?api-version="
                        + RESOURCES_API, subscriptionId, resourceGroup, deployment.name())
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .bodyValue(deployment.body())
                .retrieve().toBodilessEntity()
                .map(response -> response.getHeaders().getFirst("Azure-AsyncOperation"));
    }

    /** GET the deployment (its {@code properties.provisioningState} and {@code properties.error}). */
    public Mono<JsonNode> getDeployment(String subscriptionId, String resourceGroup, String workspaceName, String name) {
        return arm().get()
                .uri("/subscriptions/{subscriptionId}/resourcegroups/{resourceGroup}/providers/Microsoft.Resources/deployments/{name}?api-version="
                        + RESOURCES_API, subscriptionId, resourceGroup, name)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .retrieve().bodyToMono(JsonNode.class);
    }

    /** GET an {@code Azure-AsyncOperation} URL: {@code {"status": …, "error": …}}. */
    public Mono<JsonNode> operationStatus(String url, String workspaceName) {
        return arm().get().uri(java.net.URI.create(url))
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .retrieve().bodyToMono(JsonNode.class);
    }

    /**
     * GET the workspace resource ({@code properties.workspaceId}, {@code properties.workspaceUrl}) at the api-version it
     * was deployed with ({@code computeMode} and the 2026-01-01 options are only shown from that version on).
     */
    public Mono<JsonNode> getWorkspace(String resourceId, String apiVersion, String workspaceName) {
        return arm().get().uri(resourceId + "?api-version=" + apiVersion)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .retrieve().bodyToMono(JsonNode.class);
    }

    /** DELETE the workspace; emits the operation URL to poll, or empty when it was already gone. */
    public Mono<String> deleteWorkspace(String resourceId, String workspaceName) {
        return arm().delete().uri(resourceId + "?api-version=" + DATABRICKS_API)
                .attribute(RequestAttributes.WORKSPACE, workspaceName)
                .retrieve().toBodilessEntity()
                .flatMap(response -> Mono.justOrEmpty(response.getHeaders().getFirst("Azure-AsyncOperation")))
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.empty() : Mono.error(e));
    }
}
