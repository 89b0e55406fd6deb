package dev.bricklayer.workspace.arm;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.http.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Deploys a workspace through ARM and follows the deployment to its end: the resource group is PUT, the
 * deployment is PUT (unless its status URL is already known — a resumed deployment polls it and is never deployed
 * twice; when only the PUT's sending was recorded, ARM's deployment is read first: {@link #adopt}), its
 * {@code Azure-AsyncOperation} status is polled with growing pauses until it is terminal or the timeout passes, then
 * the workspace's id and URL are read.
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
        return provision(request, deployment, knownStatusUrl, () -> { }, started);
    }

    /**
     * @param knownStatusUrl the status URL of this deployment when it was already PUT (a resumed deployment), or null
     * @param putting        told, before the PUT is sent, that it may be accepted from now on (to record it)
     * @param started        told the status URL once the deployment is PUT, before polling starts (to store it)
     */
    public Mono<Outcome> provision(WorkspaceRequested request, WorkspaceDeployment deployment, String knownStatusUrl,
                                   Runnable putting, Consumer<String> started) {
        String workspace = request.workspaceName();
        Mono<JsonNode> end = knownStatusUrl != null ? poll(knownStatusUrl, request.workspaceName(), firstPause)
                : put(request, deployment, putting, started).flatMap(url -> poll(url, workspace, firstPause));
        return outcome(request, deployment, end);
    }

    /**
     * Follows a deployment whose PUT was sent at {@code putSentAt} (and may have been accepted) but whose status URL was
     * not recorded — its sender stopped in between: ARM's deployment of that name is read first and followed when it is
     * this one (running, or ended after {@code putSentAt}); it is PUT only when ARM has none, or an older run's.
     */
    public Mono<Outcome> adopt(WorkspaceRequested request, WorkspaceDeployment deployment, Instant putSentAt, Runnable putting,
                               Consumer<String> started) {
        String workspace = request.workspaceName();
        Mono<JsonNode> end = arm.getDeployment(request.subscriptionId(), request.resourceGroup(), workspace, deployment.name())
                .map(Optional::of)
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(Optional.empty()) : Mono.error(e))
                .flatMap(found -> {
                    String state = found.map(d -> d.path("properties").path("provisioningState").asText()).orElse("");
                    if (found.isPresent() && !terminal(state)) {
                        return pollDeployment(request, deployment, firstPause);
                    }
                    if (found.isPresent() && !endedAt(found.get()).isBefore(putSentAt)) {
                        return Mono.just(status(found.get()));
                    }
                    return put(request, deployment, putting, started).flatMap(url -> poll(url, workspace, firstPause));
                });
        return outcome(request, deployment, end);
    }

    private Mono<String> put(WorkspaceRequested request, WorkspaceDeployment deployment, Runnable putting, Consumer<String> started) {
        String workspace = request.workspaceName();
        return arm.putResourceGroup(request.subscriptionId(), request.resourceGroup(), request.region(), request.tags(), workspace)
                .publishOn(Schedulers.boundedElastic()) // the callbacks record durably: not on an event loop
                .then(Mono.fromRunnable(putting))
                .then(arm.putDeployment(request.subscriptionId(), request.resourceGroup(), workspace, deployment))
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(started);
    }

    private Mono<Outcome> outcome(WorkspaceRequested request, WorkspaceDeployment deployment, Mono<JsonNode> end) {
        return end
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
        return arm.operationStatus(url, workspace).flatMap(status -> terminal(status.path("status").asText()) ? Mono.just(status)
                : Mono.delay(pause).then(Mono.defer(() -> poll(url, workspace, longer(pause)))));
    }

    /** The deployment itself polled (no status URL known), as an operation status: {@code {"status": …, "error": …}}. */
    private Mono<JsonNode> pollDeployment(WorkspaceRequested request, WorkspaceDeployment deployment, Duration pause) {
        return arm.getDeployment(request.subscriptionId(), request.resourceGroup(), request.workspaceName(), deployment.name())
                .flatMap(found -> terminal(found.path("properties").path("provisioningState").asText()) ? Mono.just(status(found))
                        : Mono.delay(pause).then(Mono.defer(() -> pollDeployment(request, deployment, longer(pause)))));
    }

    private static JsonNode status(JsonNode deployment) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("status", deployment.path("properties").path("provisioningState").asText());
        status.set("error", deployment.path("properties").path("error"));
        return status;
    }

    private static Instant endedAt(JsonNode deployment) {
        String timestamp = deployment.path("properties").path("timestamp").asText("");
        return timestamp.isEmpty() ? Instant.MIN : OffsetDateTime.parse(timestamp).toInstant();
    }

    private static boolean terminal(String state) {
        return "Succeeded".equals(state) || "Failed".equals(state) || "Canceled".equals(state);
    }

    private Duration longer(Duration pause) {
        return Duration.ofMillis(Math.min(maxPause.toMillis(), (long) (pause.toMillis() * 1.5)));
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
