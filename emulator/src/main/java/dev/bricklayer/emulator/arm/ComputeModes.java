package dev.bricklayer.emulator.arm;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code Microsoft.Databricks/workspaces} checks from api-version 2025-10-01-preview on (reference §7.9), pure:
 * {@code properties.computeMode} ({@code Serverless} | {@code Hybrid}) is required and cannot change; a Hybrid workspace
 * needs {@code managedResourceGroupId}; a Serverless one takes none of the Hybrid-only properties; the enums of
 * {@code requiredNsgRules}, {@code publicNetworkAccess}, {@code defaultStorageFirewall}, {@code defaultCatalog.initialType},
 * {@code enhancedSecurityCompliance} and {@code accessConnector} hold. Every refusal is 400 with one error code
 * ({@code emulator.compute-mode-error-code}: the code ARM answers is not known, [K]).
 */
final class ComputeModes {

    static final String FIRST_VERSION = "2025-10-01-preview";
    static final String HYBRID = "Hybrid";
    static final String SERVERLESS = "Serverless";
    private static final List<String> HYBRID_ONLY = List.of("managedResourceGroupId", "parameters", "requiredNsgRules",
            "defaultCatalog", "accessConnector", "defaultStorageFirewall");
    private static final Set<String> ENABLED = Set.of("Enabled", "Disabled");

    private ComputeModes() {
    }

    /** Whether the api-version knows {@code computeMode}. */
    static boolean applies(String apiVersion) {
        return apiVersion.compareTo(FIRST_VERSION) >= 0;
    }

    /** The compute mode of a stored workspace: as given, or Hybrid for one made by an older api-version ([K] §7.9). */
    static String of(JsonNode workspace) {
        return workspace.path("properties").path("computeMode").asText(HYBRID);
    }

    /** What is wrong with a new workspace's properties, as an error detail. */
    static Optional<ObjectNode> problem(JsonNode properties, String code) {
        String mode = properties.path("computeMode").asText("");
        if (mode.isEmpty()) {
            return invalid(code, "'properties.computeMode' is required: Serverless or Hybrid.");
        }
        if (!mode.equals(HYBRID) && !mode.equals(SERVERLESS)) {
            return invalid(code, "'properties.computeMode' must be Serverless or Hybrid, not '" + mode + "'.");
        }
        if (mode.equals(HYBRID) && properties.path("managedResourceGroupId").asText("").isBlank()) {
            return invalid(code, "'properties.managedResourceGroupId' is required in a Hybrid ComputeMode workspace.");
        }
        if (mode.equals(SERVERLESS)) {
            Optional<String> hybridOnly = HYBRID_ONLY.stream().filter(p -> properties.has(p) && !properties.get(p).isNull()).findFirst()
                    .or(() -> properties.path("encryption").path("entities").has("managedDisk")
                            ? Optional.of("encryption.entities.managedDisk") : Optional.empty());
            if (hybridOnly.isPresent()) {
                return invalid(code, "'properties." + hybridOnly.get() + "' is not allowed in a Serverless ComputeMode workspace.");
            }
        }
        return enums(properties, code).or(() -> accessConnector(properties.path("accessConnector"), code));
    }

    /** A PUT of an existing workspace that names another compute mode. */
    static Optional<ObjectNode> change(JsonNode existing, JsonNode properties, String code) {
        String wanted = properties.path("computeMode").asText("");
        if (!wanted.isEmpty() && !wanted.equals(of(existing))) {
            return invalid(code, "'properties.computeMode' cannot be changed: the workspace is " + of(existing) + ".");
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> enums(JsonNode properties, String code) {
        return oneOf(properties.path("requiredNsgRules"), "requiredNsgRules",
                Set.of("AllRules", "NoAzureDatabricksRules", "NoAzureServiceRules"), code)
                .or(() -> oneOf(properties.path("publicNetworkAccess"), "publicNetworkAccess", ENABLED, code))
                .or(() -> oneOf(properties.path("defaultStorageFirewall"), "defaultStorageFirewall", ENABLED, code))
                .or(() -> oneOf(properties.path("defaultCatalog").path("initialType"), "defaultCatalog.initialType",
                        Set.of("HiveMetastore", "UnityCatalog"), code))
                .or(() -> {
                    JsonNode compliance = properties.path("enhancedSecurityCompliance");
                    return oneOf(compliance.path("automaticClusterUpdate").path("value"),
                            "enhancedSecurityCompliance.automaticClusterUpdate.value", ENABLED, code)
                            .or(() -> oneOf(compliance.path("complianceSecurityProfile").path("value"),
                                    "enhancedSecurityCompliance.complianceSecurityProfile.value", ENABLED, code))
                            .or(() -> oneOf(compliance.path("enhancedSecurityMonitoring").path("value"),
                                    "enhancedSecurityCompliance.enhancedSecurityMonitoring.value", ENABLED, code));
                });
    }

    private static Optional<ObjectNode> accessConnector(JsonNode connector, String code) {
        if (connector.isMissingNode() || connector.isNull()) {
            return Optional.empty();
        }
        String type = connector.path("identityType").asText("");
        if (connector.path("id").asText("").isBlank() || type.isEmpty()) {
            return invalid(code, "'properties.accessConnector' needs 'id' and 'identityType'.");
        }
        boolean userAssigned = !connector.path("userAssignedIdentityId").asText("").isBlank();
        if (type.equals("UserAssigned") != userAssigned || !Set.of("SystemAssigned", "UserAssigned").contains(type)) {
            return invalid(code, "'properties.accessConnector.userAssignedIdentityId' is required for UserAssigned and not "
                    + "allowed for SystemAssigned identityType.");
        }
        return Optional.empty();
    }

    private static Optional<ObjectNode> oneOf(JsonNode value, String name, Set<String> allowed, String code) {
        if (value.isMissingNode() || value.isNull() || allowed.contains(value.asText())) {
            return Optional.empty();
        }
        return invalid(code, "'properties." + name + "' must be one of " + new java.util.TreeSet<>(allowed) + ", not '"
                + value.asText() + "'.");
    }

    private static Optional<ObjectNode> invalid(String code, String reason) {
        return Optional.of(ArmErrors.detail(code, "The request content was invalid: " + reason));
    }
}
