package dev.bricklayer.emulator.arm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.arm.ArmState.Deployment;

/**
 * Runs an accepted deployment: {@code Running} after a fifth of {@code emulator.deployment-duration}, and at its end
 * the plan's resources are created in order — virtual networks checked, workspaces made real (their endpoints
 * start), anything else stored as given — and the deployment {@code Succeeded}. The first resource that fails, a
 * scripted failure ({@link ArmFailureScript}) or a linked template (which the emulator cannot download) ends it
 * {@code Failed} with {@code DeploymentFailed} wrapping the cause.
 */
@Component
class DeploymentRunner {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);

    private final ArmState state;
    private final WorkspaceResources workspaces;
    private final VnetInjectionChecks vnets;
    private final ArmFailureScript failures;
    private final ArmScheduler scheduler;
    private final Clock clock;

    DeploymentRunner(ArmState state, WorkspaceResources workspaces, VnetInjectionChecks vnets, ArmFailureScript failures,
                     ArmScheduler scheduler, Clock clock) {
        this.state = state;
        this.workspaces = workspaces;
        this.vnets = vnets;
        this.failures = failures;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Runs the deployment; {@code plan} is null for a linked template. */
    void run(Deployment deployment, List<PlannedResource> plan) {
        long duration = scheduler.duration().toMillis();
        scheduler.after(duration / 5, () -> state.updateDeployment(deployment.id(),
                current -> "Accepted".equals(current.provisioningState()) ? current.inState("Running") : current));
        scheduler.after(duration, () -> complete(deployment, plan));
    }

    private void complete(Deployment deployment, List<PlannedResource> plan) {
        ObjectNode error = null;
        List<String> created = new ArrayList<>();
        try {
            if (plan == null) {
                error = ArmErrors.detail("InvalidContentLink", "Unable to download deployment content from '"
                        + deployment.properties().path("templateLink").path("uri")
                        .asText(deployment.properties().path("templateLink").path("id").asText())
                        + "'. The emulator cannot reach linked templates.");
            } else {
                error = createAll(deployment, plan, created);
            }
        } catch (RuntimeException unexpected) {
            log.error("Deployment {} failed unexpectedly", deployment.id(), unexpected);
            error = ArmErrors.detail("InternalServerError", "The emulator failed to deploy: " + unexpected.getMessage());
        }
        ObjectNode failure = error == null ? null : failed(deployment, error);
        state.updateDeployment(deployment.id(), current -> current.ended(clock.instant(), created, failure));
    }

    /** Creates the plan's resources in order, adding each one's id to {@code created}; the first failure's detail. */
    private ObjectNode createAll(Deployment deployment, List<PlannedResource> plan, List<String> created) {
        Optional<ArmFailureScript.Failure> scripted = failures.take(Stream.concat(
                Stream.of(deployment.resourceGroup(), deployment.name()), plan.stream().map(PlannedResource::name)).toArray(String[]::new));
        if (scripted.isPresent()) {
            return ArmErrors.detail(scripted.get().code(), scripted.get().message());
        }
        for (PlannedResource resource : plan) {
            Optional<ObjectNode> failed = create(resource);
            if (failed.isPresent()) {
                return failed.get();
            }
            created.add(resource.id());
        }
        return null;
    }

    /** Creates one template resource; an error detail when the resource itself fails. */
    private Optional<ObjectNode> create(PlannedResource resource) {
        if (resource.is("Microsoft.Network/virtualNetworks")) {
            Optional<ObjectNode> invalid = vnets.virtualNetwork(resource);
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        if (resource.is(ArmPaths.WORKSPACES)) {
            Optional<ObjectNode> invalid = workspaces.problem(resource.name(), resource.body(), resource.apiVersion()).or(() -> vnets.workspace(resource.body()));
            if (invalid.isPresent()) {
                return invalid;
            }
            workspaces.succeed(workspaces.accept(resource.id(), resource.name(), resource.body(), resource.apiVersion(), null));
            return Optional.empty();
        }
        ObjectNode json = resource.body().deepCopy();
        json.put("id", resource.id());
        json.put("type", resource.type());
        json.remove(List.of("apiVersion", "dependsOn"));
        json.with("properties").put("provisioningState", "Succeeded");
        state.putResource(resource.id(), json);
        return Optional.empty();
    }

    private static ObjectNode failed(Deployment deployment, ObjectNode cause) {
        ObjectNode failure = JsonNodeFactory.instance.objectNode();
        failure.put("code", "DeploymentFailed");
        failure.put("target", deployment.id());
        failure.put("message", "At least one resource deployment operation failed. Please list deployment operations for "
                + "details. Please see https://aka.ms/arm-deployment-operations for usage details.");
        failure.putArray("details").add(cause);
        return failure;
    }
}
