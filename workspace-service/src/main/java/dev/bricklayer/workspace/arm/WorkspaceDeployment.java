package dev.bricklayer.workspace.arm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.workspace.WorkspaceRequested;

/**
 * The ARM deployment of one workspace request: the VNet-injection template (NSG, VNet with two subnets
 * delegated to Azure Databricks, the workspace with {@code customVirtualNetworkId}, {@code customPublicSubnetName},
 * {@code customPrivateSubnetName}, {@code enableNoPublicIp}, tags and sku), its parameters, and a deterministic
 * deployment name: the same request always gets the same name (so it is deployed once), a changed one a new name.
 *
 * @param name the deployment name, {@code bricklayer-<workspace>-<8 hex of the parameters' hash>}
 * @param body the PUT body: {@code {"properties": {"mode": "Incremental", "template": …, "parameters": …}}}
 */
public record WorkspaceDeployment(String name, ObjectNode body) {

    private static final String TEMPLATE = "/arm/vnet-injected-workspace.json";

    public static WorkspaceDeployment of(WorkspaceRequested request, ObjectMapper mapper) {
        ObjectNode parameters = mapper.createObjectNode();
        value(parameters, "workspaceName", mapper.valueToTree(request.workspaceName()));
        value(parameters, "location", mapper.valueToTree(request.region()));
        value(parameters, "pricingTier", mapper.valueToTree(request.pricingTier().name().toLowerCase(Locale.ROOT)));
        value(parameters, "nsgName", mapper.valueToTree(request.network().nsgName()));
        value(parameters, "vnetName", mapper.valueToTree(request.network().vnetName()));
        value(parameters, "vnetCidr", mapper.valueToTree(request.network().vnetCidr()));
        value(parameters, "publicSubnetName", mapper.valueToTree(request.network().publicSubnet().name()));
        value(parameters, "publicSubnetCidr", mapper.valueToTree(request.network().publicSubnet().cidr()));
        value(parameters, "privateSubnetName", mapper.valueToTree(request.network().privateSubnet().name()));
        value(parameters, "privateSubnetCidr", mapper.valueToTree(request.network().privateSubnet().cidr()));
        value(parameters, "disablePublicIp", mapper.valueToTree(request.network().noPublicIp()));
        value(parameters, "managedResourceGroupName", mapper.valueToTree("databricks-rg-" + request.workspaceName()));
        value(parameters, "workspaceTags", mapper.valueToTree(new TreeMap<>(request.tags() == null ? java.util.Map.of() : request.tags())));

        ObjectNode body = mapper.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        properties.put("mode", "Incremental");
        properties.set("template", template(mapper));
        properties.set("parameters", parameters);
        return new WorkspaceDeployment(name(request.workspaceName(), parameters, mapper), body);
    }

    private static void value(ObjectNode parameters, String name, JsonNode value) {
        parameters.putObject(name).set("value", value);
    }

    private static JsonNode template(ObjectMapper mapper) {
        try (InputStream in = WorkspaceDeployment.class.getResourceAsStream(TEMPLATE)) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + TEMPLATE, e);
        }
    }

    static String name(String workspaceName, ObjectNode parameters, ObjectMapper mapper) {
        try {
            byte[] canonical = mapper.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
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
