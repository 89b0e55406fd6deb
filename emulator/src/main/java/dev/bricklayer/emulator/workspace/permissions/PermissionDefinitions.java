package dev.bricklayer.emulator.workspace.permissions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The securable object types of the Permissions API, as a table (after terraform-provider-databricks'
 * {@code permission_definitions.go}): request type, response {@code object_type}, allowed levels, the root
 * object admins inherit from and their level there.
 */
final class PermissionDefinitions {

    record Definition(String requestType, String objectType, List<String> levels, String adminRoot, String adminLevel,
                      boolean alwaysExists) {
    }

    static final List<Definition> ALL = List.of(
            new Definition("clusters", "cluster", List.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"), "/clusters/", "CAN_MANAGE", false),
            new Definition("cluster-policies", "cluster-policy", List.of("CAN_USE"), "/cluster-policies/cluster-policies", "CAN_USE", false),
            new Definition("instance-pools", "instance-pool", List.of("CAN_ATTACH_TO", "CAN_MANAGE"), "/instance-pools/", "CAN_MANAGE", false),
            new Definition("jobs", "job", List.of("CAN_VIEW", "CAN_MANAGE_RUN", "IS_OWNER", "CAN_MANAGE"), "/jobs/", "CAN_MANAGE", false),
            new Definition("pipelines", "pipelines", List.of("CAN_VIEW", "CAN_RUN", "CAN_MANAGE", "IS_OWNER"), "/pipelines/", "CAN_MANAGE", false),
            new Definition("notebooks", "notebook", List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"), "/directories/", "CAN_MANAGE", false),
            new Definition("directories", "directory", List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"), "/directories/", "CAN_MANAGE", false),
            new Definition("files", "file", List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"), "/directories/", "CAN_MANAGE", false),
            new Definition("repos", "repo", List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"), "/repos/", "CAN_MANAGE", false),
            new Definition("registered-models", "registered-model", List.of("CAN_READ", "CAN_EDIT",
                    "CAN_MANAGE_STAGING_VERSIONS", "CAN_MANAGE_PRODUCTION_VERSIONS", "CAN_MANAGE"), "/registered-models/", "CAN_MANAGE", false),
            new Definition("experiments", "mlflowExperiment", List.of("CAN_READ", "CAN_EDIT", "CAN_MANAGE"), "/experiments/", "CAN_MANAGE", false),
            new Definition("sql/warehouses", "warehouses", List.of("CAN_USE", "CAN_MANAGE", "CAN_MONITOR", "CAN_VIEW", "IS_OWNER"), "/sql/warehouses/", "CAN_MANAGE", false),
            new Definition("serving-endpoints", "serving-endpoint", List.of("CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"), "/serving-endpoints/", "CAN_MANAGE", false),
            new Definition("authorization/tokens", "tokens", List.of("CAN_USE", "CAN_MANAGE"), null, "CAN_MANAGE", true),
            new Definition("authorization/passwords", "passwords", List.of("CAN_USE"), null, "CAN_USE", true));

    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("CAN_MANAGE", "Can Manage"), Map.entry("CAN_USE", "Can Use"), Map.entry("CAN_ATTACH_TO", "Can Attach To"),
            Map.entry("CAN_RESTART", "Can Restart"), Map.entry("CAN_VIEW", "Can View"), Map.entry("CAN_MANAGE_RUN", "Can Manage Run"),
            Map.entry("IS_OWNER", "Is Owner"), Map.entry("CAN_RUN", "Can Run"), Map.entry("CAN_READ", "Can Read"),
            Map.entry("CAN_EDIT", "Can Edit"), Map.entry("CAN_MANAGE_STAGING_VERSIONS", "Can Manage Staging Versions"),
            Map.entry("CAN_MANAGE_PRODUCTION_VERSIONS", "Can Manage Production Versions"), Map.entry("CAN_MONITOR", "Can Monitor"),
            Map.entry("CAN_QUERY", "Can Query"));

    private PermissionDefinitions() {
    }

    static Optional<Definition> byRequestType(String requestType) {
        return ALL.stream().filter(d -> d.requestType().equals(requestType)).findFirst();
    }
}
