package dev.bricklayer.emulator.arm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.Resettable;

/** Everything ARM knows: resource groups, deployments, resources, long-running operations. Keys are lower-case ids. */
@Component
public class ArmState implements Resettable {

    /** A resource group. */
    record ResourceGroup(String subscriptionId, String name, String location, Map<String, String> tags) {
        String id() {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + name;
        }
    }

    /** A deployment and where it is. */
    static final class Deployment {
        String id;
        String name;
        String subscriptionId;
        String resourceGroup;
        ObjectNode properties;
        String provisioningState;
        String correlationId;
        String operationId;
        String apiVersion;
        Instant startedAt;
        Instant endedAt;
        ObjectNode error;
        java.util.List<String> outputResources = new java.util.ArrayList<>();
    }

    /** A long-running operation behind an {@code Azure-AsyncOperation} URL. */
    static final class Operation {
        String id;
        String status;
        Instant startTime;
        Instant endTime;
        ObjectNode error;
    }

    /** A {@code Microsoft.Databricks/workspaces} resource as ARM shows it. */
    static final class WorkspaceResource {
        ObjectNode json;
        String provisioningState;
        String apiVersion;
        String operationId;
    }

    final Map<String, ResourceGroup> resourceGroups = new LinkedHashMap<>();
    final Map<String, Deployment> deployments = new LinkedHashMap<>();
    final Map<String, ObjectNode> resources = new LinkedHashMap<>();
    final Map<String, WorkspaceResource> workspaces = new LinkedHashMap<>();
    final Map<String, Operation> operations = new LinkedHashMap<>();

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void reset() {
        resourceGroups.clear();
        deployments.clear();
        resources.clear();
        workspaces.clear();
        operations.clear();
    }
}
