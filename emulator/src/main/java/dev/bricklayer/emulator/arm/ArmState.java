package dev.bricklayer.emulator.arm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.Resettable;

/**
 * Everything ARM knows: resource groups, deployments, template-created resources, {@code Microsoft.Databricks/workspaces}
 * resources and long-running operations, keyed by lower-case id (ARM ids are case-insensitive). Every method is
 * atomic, and what one hands out is a snapshot (a record, or a copy of the JSON), so no caller locks.
 */
@Component
public class ArmState implements Resettable {

    /** A resource group. */
    record ResourceGroup(String subscriptionId, String name, String location, Map<String, String> tags) {
        String id() {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + name;
        }
    }

    /** A resource group as stored by a PUT, and whether the PUT created it. */
    record PutResourceGroup(ResourceGroup group, boolean created) {
    }

    /** One run of a deployment. Its {@code properties} (the request's) and {@code error} are never changed. */
    record Deployment(String id, String name, String subscriptionId, String resourceGroup, ObjectNode properties,
                      String provisioningState, String correlationId, String operationId, String apiVersion,
                      Instant startedAt, Instant endedAt, ObjectNode error, List<String> outputResources) {

        boolean active() {
            return "Accepted".equals(provisioningState) || "Running".equals(provisioningState);
        }

        Deployment inState(String state) {
            return new Deployment(id, name, subscriptionId, resourceGroup, properties, state, correlationId, operationId,
                    apiVersion, startedAt, endedAt, error, outputResources);
        }

        /** Ended: {@code Succeeded} without an error, else {@code Failed}. */
        Deployment ended(Instant at, List<String> created, ObjectNode failure) {
            return new Deployment(id, name, subscriptionId, resourceGroup, properties, failure == null ? "Succeeded" : "Failed",
                    correlationId, operationId, apiVersion, startedAt, at, failure, List.copyOf(created));
        }
    }

    /** A long-running operation behind an {@code Azure-AsyncOperation} URL. */
    record Operation(String id, String status, Instant startTime, Instant endTime, ObjectNode error) {
        boolean done() {
            return "Succeeded".equals(status) || "Failed".equals(status);
        }
    }

    private final Map<String, ResourceGroup> resourceGroups = new LinkedHashMap<>();
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();
    private final Map<String, ObjectNode> resources = new LinkedHashMap<>();
    private final Map<String, ObjectNode> workspaces = new LinkedHashMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Map<String, String> operationResults = new LinkedHashMap<>();

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /** Creates the group, or updates its location and tags; it keeps the name it was created with. */
    synchronized PutResourceGroup putResourceGroup(String subscriptionId, String name, String location, Map<String, String> tags) {
        String key = key("/subscriptions/" + subscriptionId + "/resourceGroups/" + name);
        ResourceGroup existing = resourceGroups.get(key);
        ResourceGroup group = new ResourceGroup(subscriptionId, existing == null ? name : existing.name(), location, tags);
        resourceGroups.put(key, group);
        return new PutResourceGroup(group, existing == null);
    }

    /** The group, or 404 {@code ResourceGroupNotFound}: a resource group must exist before anything goes in it. */
    synchronized ResourceGroup requireResourceGroup(String subscriptionId, String name) {
        ResourceGroup group = resourceGroups.get(key("/subscriptions/" + subscriptionId + "/resourceGroups/" + name));
        if (group == null) {
            throw EmulatorException.arm(404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
        }
        return group;
    }

    synchronized Optional<Deployment> deployment(String id) {
        return Optional.ofNullable(deployments.get(key(id)));
    }

    /** Records a new run of a deployment and its operation; whether it replaced an earlier run. */
    synchronized boolean startDeployment(Deployment deployment, Operation operation) {
        operations.put(operation.id(), operation);
        return deployments.put(key(deployment.id()), deployment) != null;
    }

    /** Moves a deployment on; its operation follows (status, end time and error). */
    synchronized void updateDeployment(String id, UnaryOperator<Deployment> change) {
        Deployment changed = deployments.computeIfPresent(key(id), (k, deployment) -> change.apply(deployment));
        if (changed != null) {
            operations.computeIfPresent(changed.operationId(), (k, operation) -> new Operation(operation.id(),
                    changed.provisioningState(), operation.startTime(), changed.endedAt(), changed.error()));
        }
    }

    synchronized void putOperation(Operation operation) {
        operations.put(operation.id(), operation);
    }

    /** Records the resource an operation makes: its {@code Location} answers that resource once the operation is done. */
    synchronized void putOperationResult(String operationId, String resourceId) {
        operationResults.put(operationId, resourceId);
    }

    /** The id of the resource an operation makes, if it makes one. */
    synchronized Optional<String> operationResult(String operationId) {
        return Optional.ofNullable(operationResults.get(operationId));
    }

    synchronized Optional<Operation> operation(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    synchronized void finishOperation(String id, String status, Instant at, ObjectNode error) {
        operations.computeIfPresent(id, (k, operation) -> new Operation(id, status, operation.startTime(), at, error));
    }

    /** A copy of a template-created resource. */
    synchronized Optional<ObjectNode> resource(String id) {
        return Optional.ofNullable(resources.get(key(id))).map(ObjectNode::deepCopy);
    }

    synchronized void putResource(String id, ObjectNode json) {
        resources.put(key(id), json.deepCopy());
    }

    /** A copy of a workspace resource as ARM shows it. */
    synchronized Optional<ObjectNode> workspace(String id) {
        return Optional.ofNullable(workspaces.get(key(id))).map(ObjectNode::deepCopy);
    }

    synchronized void putWorkspace(String id, ObjectNode json) {
        workspaces.put(key(id), json.deepCopy());
    }

    /** Changes a workspace resource in place; a copy of it changed, or empty when there is none. */
    synchronized Optional<ObjectNode> updateWorkspace(String id, Consumer<ObjectNode> change) {
        ObjectNode workspace = workspaces.get(key(id));
        if (workspace == null) {
            return Optional.empty();
        }
        change.accept(workspace);
        return Optional.of(workspace.deepCopy());
    }

    synchronized void removeWorkspace(String id) {
        workspaces.remove(key(id));
    }

    /** Copies of the workspace resources whose lower-case id starts with {@code keyPrefix}. */
    synchronized List<ObjectNode> workspaces(String keyPrefix) {
        List<ObjectNode> found = new ArrayList<>();
        workspaces.forEach((key, workspace) -> {
            if (key.startsWith(keyPrefix)) {
                found.add(workspace.deepCopy());
            }
        });
        return found;
    }

    @Override
    public synchronized void reset() {
        resourceGroups.clear();
        deployments.clear();
        resources.clear();
        workspaces.clear();
        operations.clear();
        operationResults.clear();
    }
}
