package dev.bricklayer.workspace.arm;

import java.time.Duration;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.http.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Deploys a workspace through ARM and follows the deployment to its end: the resource group is PUT, the
 * deployment is PUT (unless its status URL is already known — a restart resumes polling and never deploys twice),
 * its {@code Azure-AsyncOperation} status is polled with growing pauses until it is terminal or the timeout
 * passes, then the workspace's id and URL are read.
 */
public class WorkspaceProvisioner {

    /** The end of a deployment. */
    public sealed interface Outcome permits Ready, Failed {
    }

    /** The workspace exists. */
    public record Ready(String resourceId, String workspaceId, String workspaceUrl) implements Outcome {
    }

    /** The deployment failed, or ARM refused it: the ARM error code and message. */
    public record Failed(String code, String message) implements Outcome {
    }

    private final ArmDeploymentClient arm;
    private final Duration firstPause;
    private final Duration maxPause;
    private final Duration timeout;

    public WorkspaceProvisioner(ArmDeploymentClient arm, Duration firstPause, Duration maxPause, Duration timeout) {
        this.arm = arm;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
        this.timeout = timeout;
    }

    /**
     * @param knownStatusUrl the status URL of this deployment when it was already PUT (a resumed deployment), or null
     * @param started        told the status URL once the deployment is PUT, before polling starts (to store it)
     */
    public Mono<Outcome> provision(WorkspaceRequested request, WorkspaceDeployment deployment, String knownStatusUrl,
                                   Consumer<String> started) {
        String workspace = request.workspaceName();
        Mono<String> statusUrl = knownStatusUrl != null ? Mono.just(knownStatusUrl)
                : arm.putResourceGroup(request.subscriptionId(), request.resourceGroup(), request.region(), request.tags(), workspace)
                .then(arm.putDeployment(request.subscriptionId(), request.resourceGroup(), workspace, deployment))
                .publishOn(Schedulers.boundedElastic()) // the callback records the URL durably: not on an event loop
                .doOnNext(started);
        return statusUrl
                .flatMap(url -> poll(url, workspace, firstPause))
                .flatMap(status -> "Succeeded".equals(status.path("status").asText())
                        ? ready(request, deployment)
                        : Mono.<Outcome>just(failed(status.path("error"))))
                .timeout(timeout, Mono.fromSupplier(() -> new Failed("DeploymentTimeout", "The deployment " + deployment.name()
                        + " did not finish within " + timeout)))
                .onErrorResume(ApiException.class, e -> Mono.just(new Failed(e.errorCode() != null ? e.errorCode()
                        : "HTTP_" + e.status(), e.getMessage())));
    }

    /** Deletes the workspace through ARM and follows the deletion to its end (a workspace already gone is done). */
    public Mono<Outcome> decommission(String resourceId, String workspaceName) {
        return arm.deleteWorkspace(resourceId, workspaceName)
                .flatMap(url -> poll(url, workspaceName, firstPause))
                .map(status -> "Succeeded".equals(status.path("status").asText())
                        ? (Outcome) new Ready(resourceId, null, null) : failed(status.path("error")))
                .defaultIfEmpty(new Ready(resourceId, null, null))
                .timeout(timeout, Mono.fromSupplier(() -> new Failed("DeleteTimeout", "The workspace " + workspaceName
                        + " was not deleted within " + timeout)))
                .onErrorResume(ApiException.class, e -> Mono.just(new Failed(e.errorCode() != null ? e.errorCode()
                        : "HTTP_" + e.status(), e.getMessage())));
    }

    private Mono<JsonNode> poll(String url, String workspace, Duration pause) {
        return arm.operationStatus(url, workspace).flatMap(status -> {
            String state = status.path("status").asText();
            if ("Succeeded".equals(state) || "Failed".equals(state) || "Canceled".equals(state)) {
                return Mono.just(status);
            }
            Duration next = Duration.ofMillis(Math.min(maxPause.toMillis(), (long) (pause.toMillis() * 1.5)));
            return Mono.delay(pause).then(Mono.defer(() -> poll(url, workspace, next)));
        });
    }

    private Mono<Outcome> ready(WorkspaceRequested request, WorkspaceDeployment deployment) {
        String resourceId = WorkspaceDeployment.workspaceResourceId(request);
        return arm.getWorkspace(resourceId, deployment.apiVersion(), request.workspaceName()).map(workspace -> new Ready(workspace.path("id").asText(resourceId),
                workspace.path("properties").path("workspaceId").asText(), workspace.path("properties").path("workspaceUrl").asText()));
    }

    /** The most specific error: the first detail of {@code DeploymentFailed} when there is one. */
    static Failed failed(JsonNode error) {
        JsonNode detail = error.path("details").path(0);
        JsonNode chosen = detail.isMissingNode() || detail.path("code").asText("").isEmpty() ? error : detail;
        return new Failed(chosen.path("code").asText("DeploymentFailed"), chosen.path("message").asText(""));
    }
}
