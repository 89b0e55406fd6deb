package dev.bricklayer.workspace.arm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A blueprint's options for the workspace resource at ARM api-version {@value #API_VERSION} (reference §7.9). None set:
 * the 2024-05-01 VNet-injection template, as before these options existed. Which compute mode takes which option (the
 * rules are {@code blueprint/ArmOptionRules}', the request's network {@code request/WorkspaceRequestValidator}'s):
 *
 * <table>
 *   <caption>Options per compute mode</caption>
 *   <tr><th>option</th><th>Hybrid</th><th>Serverless</th></tr>
 *   <tr><td>VNet injection (the request's {@code network}: custom parameters, NSG, subnets)</td><td>required</td><td>not allowed</td></tr>
 *   <tr><td>{@code managedResourceGroupId}</td><td>required (made by the template)</td><td>not allowed (never sent)</td></tr>
 *   <tr><td>{@link #requiredNsgRules}</td><td>allowed</td><td>not allowed</td></tr>
 *   <tr><td>{@link #publicNetworkAccess}</td><td>allowed</td><td>allowed (front-end private link)</td></tr>
 *   <tr><td>{@link #enhancedSecurityCompliance}</td><td>allowed</td><td>allowed; no {@code PCI_DSS} (serverless compute does not start)</td></tr>
 * </table>
 *
 * @param computeMode                {@code Hybrid} or {@code Serverless}; required once any option is set ("Required on
 *                                   create, cannot be changed")
 * @param publicNetworkAccess        {@code Enabled} (Azure's default) or {@code Disabled} (private link only)
 * @param requiredNsgRules           {@code AllRules} (default) or {@code NoAzureDatabricksRules} (private link back end);
 *                                   Hybrid only
 * @param enhancedSecurityCompliance the Enhanced Security and Compliance add-on (premium only); {@code null} for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArmOptions(
        ComputeMode computeMode,
        NetworkAccess publicNetworkAccess,
        NsgRules requiredNsgRules,
        Compliance enhancedSecurityCompliance) {

    /** The api-version of {@code Microsoft.Databricks/workspaces} these options need. */
    public static final String API_VERSION = "2026-01-01";
    /** The api-version of a blueprint that uses none of them. */
    public static final String CLASSIC_API_VERSION = "2024-05-01";
    /** No option: the 2024-05-01 template. */
    public static final ArmOptions NONE = new ArmOptions(null, null, null, null);

    /** Whether any option is set (the deployment then uses {@value #API_VERSION}). */
    @JsonIgnore
    public boolean any() {
        return computeMode != null || publicNetworkAccess != null || requiredNsgRules != null || enhancedSecurityCompliance != null;
    }

    @JsonIgnore
    public boolean serverless() {
        return computeMode == ComputeMode.SERVERLESS;
    }

    /** The api-version the workspace is deployed (and read) with. */
    @JsonIgnore
    public String apiVersion() {
        return any() ? API_VERSION : CLASSIC_API_VERSION;
    }

    /** {@code properties.computeMode}. */
    public enum ComputeMode {
        @JsonProperty("Hybrid") HYBRID,
        @JsonProperty("Serverless") SERVERLESS;

        public String wire() {
            return this == HYBRID ? "Hybrid" : "Serverless";
        }
    }

    /** {@code properties.publicNetworkAccess}. */
    public enum NetworkAccess {
        @JsonProperty("Enabled") ENABLED,
        @JsonProperty("Disabled") DISABLED;

        public String wire() {
            return this == ENABLED ? "Enabled" : "Disabled";
        }
    }

    /** {@code properties.requiredNsgRules}; Azure's third value, {@code NoAzureServiceRules}, "is for internal use only". */
    public enum NsgRules {
        AllRules, NoAzureDatabricksRules
    }

    /**
     * {@code properties.enhancedSecurityCompliance}, as a blueprint writes it (switches rather than ARM's
     * {@code {"value": "Enabled"}} objects).
     *
     * @param complianceSecurityProfile  the compliance security profile (hardened images, monitoring; intended to be permanent)
     * @param complianceStandards        the standards it is configured for, e.g. {@code HIPAA}, {@code PCI_DSS} (free strings
     *                                   at {@value #API_VERSION}); only with the profile
     * @param enhancedSecurityMonitoring enhanced security monitoring
     * @param automaticClusterUpdate     automatic cluster update
     */
    public record Compliance(Boolean complianceSecurityProfile, List<String> complianceStandards, Boolean enhancedSecurityMonitoring,
                             Boolean automaticClusterUpdate) {

        public Compliance {
            complianceSecurityProfile = Boolean.TRUE.equals(complianceSecurityProfile);
            complianceStandards = complianceStandards == null ? List.of() : List.copyOf(complianceStandards);
            enhancedSecurityMonitoring = Boolean.TRUE.equals(enhancedSecurityMonitoring);
            automaticClusterUpdate = Boolean.TRUE.equals(automaticClusterUpdate);
        }
    }
}
