package dev.bricklayer.workspace.arm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.workspace.WorkspaceRequested;

/**
 * The ARM deployment of one workspace request: a template, its parameters, and a deterministic deployment name — the
 * same request always gets the same name (so it is deployed once), a changed one a new name. The template follows the
 * blueprint's {@link ArmOptions}:
 * <ul>
 *   <li>none: {@value #CLASSIC} at api-version 2024-05-01 (NSG, VNet with two subnets delegated to Azure Databricks,
 *       the workspace with {@code customVirtualNetworkId}, {@code customPublicSubnetName}, {@code customPrivateSubnetName},
 *       {@code enableNoPublicIp}, tags and sku) — as before the options existed;</li>
 *   <li>{@code Hybrid}: {@value #HYBRID}, the same layout at 2026-01-01 with {@code computeMode}, {@code publicNetworkAccess},
 *       {@code requiredNsgRules} and {@code enhancedSecurityCompliance};</li>
 *   <li>{@code Serverless}: {@value #SERVERLESS}, the workspace alone at 2026-01-01 — no network, no custom parameters,
 *       no managed resource group (reference §7.9) — with {@code publicNetworkAccess} and {@code enhancedSecurityCompliance}.</li>
 * </ul>
 * Every option is passed as a parameter, defaults resolved here, so the name's hash covers all of them.
 *
 * @param name       the deployment name, {@code bricklayer-<workspace>-<8 hex of the parameters' hash>}
 * @param body       the PUT body: {@code {"properties": {"mode": "Incremental", "template": …, "parameters": …}}}
 * @param apiVersion the api-version of the workspace resource in the template (and of reading it back)
 */
public record WorkspaceDeployment(String name, ObjectNode body, String apiVersion) {

    static final String CLASSIC = "/arm/vnet-injected-workspace.json";
    static final String HYBRID = "/arm/vnet-injected-workspace-2026-01-01.json";
    static final String SERVERLESS = "/arm/serverless-workspace.json";

    public static WorkspaceDeployment of(WorkspaceRequested request, ArmOptions options, ObjectMapper mapper) {
        ObjectNode parameters = mapper.createObjectNode();
        value(parameters, "workspaceName", mapper.valueToTree(request.workspaceName()));
        value(parameters, "location", mapper.valueToTree(request.region()));
        value(parameters, "pricingTier", mapper.valueToTree(request.pricingTier().name().toLowerCase(Locale.ROOT)));
        if (!options.serverless()) {
            value(parameters, "nsgName", mapper.valueToTree(request.network().nsgName()));
            value(parameters, "vnetName", mapper.valueToTree(request.network().vnetName()));
            value(parameters, "vnetCidr", mapper.valueToTree(request.network().vnetCidr()));
            value(parameters, "publicSubnetName", mapper.valueToTree(request.network().publicSubnet().name()));
            value(parameters, "publicSubnetCidr", mapper.valueToTree(request.network().publicSubnet().cidr()));
            value(parameters, "privateSubnetName", mapper.valueToTree(request.network().privateSubnet().name()));
            value(parameters, "privateSubnetCidr", mapper.valueToTree(request.network().privateSubnet().cidr()));
            value(parameters, "disablePublicIp", mapper.valueToTree(request.network().noPublicIp()));
            value(parameters, "managedResourceGroupName", mapper.valueToTree("databricks-rg-" + request.workspaceName()));
        }
        value(parameters, "workspaceTags", mapper.valueToTree(new TreeMap<>(request.tags() == null ? Map.of() : request.tags())));
        if (options.any()) {
            value(parameters, "publicNetworkAccess", mapper.valueToTree((options.publicNetworkAccess() == null
                    ? ArmOptions.NetworkAccess.ENABLED : options.publicNetworkAccess()).wire()));
            if (!options.serverless()) {
                value(parameters, "requiredNsgRules", mapper.valueToTree((options.requiredNsgRules() == null
                        ? ArmOptions.NsgRules.AllRules : options.requiredNsgRules()).name()));
            }
            value(parameters, "enhancedSecurityCompliance", compliance(options.enhancedSecurityCompliance(), mapper));
        }

        ObjectNode body = mapper.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        properties.put("mode", "Incremental");
        properties.set("template", template(!options.any() ? CLASSIC : options.serverless() ? SERVERLESS : HYBRID, mapper));
        properties.set("parameters", parameters);
        return new WorkspaceDeployment(name(request.workspaceName(), parameters, mapper), body, options.apiVersion());
    }

    /** The template of the deployment. */
    public JsonNode template() {
        return body.get("properties").get("template");
    }

    /** The parameters of the deployment, {@code {"name": {"value": …}}}. */
    public JsonNode parameters() {
        return body.get("properties").get("parameters");
    }

    /**
     * ARM's {@code enhancedSecurityCompliance} from the blueprint's switches: each feature {@code {"value": "Enabled"|"Disabled"}},
     * the standards only with the profile ({@code Disabled} everywhere when the blueprint has none).
     */
    static ObjectNode compliance(ArmOptions.Compliance compliance, ObjectMapper mapper) {
        ArmOptions.Compliance given = compliance == null ? new ArmOptions.Compliance(null, null, null, null) : compliance;
        ObjectNode value = mapper.createObjectNode();
        value.putObject("automaticClusterUpdate").put("value", enabled(given.automaticClusterUpdate()));
        ObjectNode profile = value.putObject("complianceSecurityProfile").put("value", enabled(given.complianceSecurityProfile()));
        if (given.complianceSecurityProfile()) {
            profile.set("complianceStandards", mapper.valueToTree(given.complianceStandards()));
        }
        value.putObject("enhancedSecurityMonitoring").put("value", enabled(given.enhancedSecurityMonitoring()));
        return value;
    }

    private static String enabled(boolean on) {
        return on ? "Enabled" : "Disabled";
    }

    private static void value(ObjectNode parameters, String name, JsonNode value) {
        parameters.putObject(name).set("value", value);
    }

    private static JsonNode template(String resource, ObjectMapper mapper) {
        try (InputStream in = WorkspaceDeployment.class.getResourceAsStream(resource)) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static String name(String workspaceName, ObjectNode parameters, ObjectMapper mapper) {
        try {
            byte[] canonical = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsBytes(mapper.convertValue(parameters, TreeMap.class));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)).substring(0, 8);
            String prefix = "bricklayer-" + (workspaceName.length() > 43 ? workspaceName.substring(0, 43) : workspaceName);
            return prefix + "-" + hash;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ARM id of the workspace the deployment creates. */
    public static String workspaceResourceId(WorkspaceRequested request) {
        return "/subscriptions/" + request.subscriptionId() + "/resourceGroups/" + request.resourceGroup()
                + "/providers/Microsoft.Databricks/workspaces/" + request.workspaceName();
    }
}
