package dev.bricklayer.emulator.arm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * What Azure checks of VNet injection, as error details of a failed deployment: a virtual network's subnets lie
 * inside its address space and do not overlap ({@code NetcfgSubnetRangeOutsideVnet}, {@code NetcfgSubnetRangesOverlap},
 * {@code InvalidAddressPrefixFormat}); a workspace's {@code customVirtualNetworkId} names an existing network whose
 * public and private subnets exist and are delegated to {@code Microsoft.Databricks/workspaces}
 * ({@code InvalidVirtualNetworkId}, {@code InvalidSubnet}, {@code SubnetMissingRequiredDelegation}).
 */
@Component
class VnetInjectionChecks {

    private static final List<String> SUBNET_PARAMETERS = List.of("customPublicSubnetName", "customPrivateSubnetName");

    private final ArmState state;

    VnetInjectionChecks(ArmState state) {
        this.state = state;
    }

    /** What is wrong with a virtual network's address space and subnets. */
    Optional<ObjectNode> virtualNetwork(PlannedResource network) {
        List<IPAddress> spaces = new ArrayList<>();
        for (JsonNode prefix : network.body().path("properties").path("addressSpace").path("addressPrefixes")) {
            IPAddress address = new IPAddressString(prefix.asText()).getAddress();
            if (address == null) {
                return Optional.of(ArmErrors.detail("InvalidAddressPrefixFormat", "Address prefix " + prefix.asText()
                        + " of virtual network " + network.name() + " is not in a valid format."));
            }
            spaces.add(address.toPrefixBlock());
        }
        List<IPAddress> subnets = new ArrayList<>();
        for (JsonNode subnet : network.body().path("properties").path("subnets")) {
            String prefix = subnet.path("properties").path("addressPrefix").asText();
            IPAddress address = new IPAddressString(prefix).getAddress();
            String name = subnet.path("name").asText();
            if (address == null) {
                return Optional.of(ArmErrors.detail("InvalidAddressPrefixFormat", "Address prefix " + prefix + " of subnet "
                        + name + " is not in a valid format."));
            }
            IPAddress block = address.toPrefixBlock();
            if (spaces.stream().noneMatch(space -> space.contains(block))) {
                return Optional.of(ArmErrors.detail("NetcfgSubnetRangeOutsideVnet", "Subnet '" + name + "' is not valid because "
                        + "its IP address range is outside the IP address range of virtual network '" + network.name() + "'."));
            }
            if (subnets.stream().anyMatch(other -> other.overlaps(block))) {
                return Optional.of(ArmErrors.detail("NetcfgSubnetRangesOverlap", "Subnet '" + name + "' is not valid because "
                        + "its IP address range overlaps with that of an existing subnet in virtual network '" + network.name() + "'."));
            }
            subnets.add(block);
        }
        return Optional.empty();
    }

    /** What is wrong with a workspace's VNet injection; nothing when it names no virtual network. */
    Optional<ObjectNode> workspace(JsonNode workspace) {
        JsonNode parameters = workspace.path("properties").path("parameters");
        String vnetId = parameters.path("customVirtualNetworkId").path("value").asText(null);
        if (vnetId == null) {
            return Optional.empty();
        }
        Optional<ObjectNode> vnet = state.resource(vnetId);
        if (vnet.isEmpty()) {
            return Optional.of(ArmErrors.detail("InvalidVirtualNetworkId", "The virtual network '" + vnetId + "' does not exist."));
        }
        for (String key : SUBNET_PARAMETERS) {
            String subnetName = parameters.path(key).path("value").asText(null);
            JsonNode subnet = null;
            for (JsonNode candidate : vnet.get().path("properties").path("subnets")) {
                if (candidate.path("name").asText().equals(subnetName)) {
                    subnet = candidate;
                }
            }
            if (subnet == null) {
                return Optional.of(ArmErrors.detail("InvalidSubnet", "Subnet '" + subnetName + "' given as " + key
                        + " does not exist in virtual network '" + vnet.get().path("name").asText() + "'."));
            }
            boolean delegated = false;
            for (JsonNode delegation : subnet.path("properties").path("delegations")) {
                delegated |= ArmPaths.WORKSPACES.equalsIgnoreCase(delegation.path("properties").path("serviceName").asText());
            }
            if (!delegated) {
                return Optional.of(ArmErrors.detail("SubnetMissingRequiredDelegation", "Subnet '" + subnetName + "' must be "
                        + "delegated to 'Microsoft.Databricks/workspaces' to be used for VNet injection."));
            }
        }
        return Optional.empty();
    }
}
