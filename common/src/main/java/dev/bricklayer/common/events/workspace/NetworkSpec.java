package dev.bricklayer.common.events.workspace;

import java.util.Objects;

/**
 * VNet injection settings of a workspace (ARM custom parameters {@code customVirtualNetworkId},
 * {@code customPublicSubnetName}, {@code customPrivateSubnetName}, {@code enableNoPublicIp}).
 *
 * @param vnetName      name of the virtual network, in the workspace's resource group
 * @param vnetCidr      address space of the VNet, IPv4 CIDR
 * @param publicSubnet  the "host" (public) subnet
 * @param privateSubnet the "container" (private) subnet
 * @param nsgName       network security group attached to both subnets
 * @param noPublicIp    secure cluster connectivity: cluster nodes get no public IP
 */
public record NetworkSpec(
        String vnetName,
        String vnetCidr,
        Subnet publicSubnet,
        Subnet privateSubnet,
        String nsgName,
        boolean noPublicIp) {

    public NetworkSpec {
        Objects.requireNonNull(vnetName, "vnetName");
        Objects.requireNonNull(vnetCidr, "vnetCidr");
        Objects.requireNonNull(publicSubnet, "publicSubnet");
        Objects.requireNonNull(privateSubnet, "privateSubnet");
        Objects.requireNonNull(nsgName, "nsgName");
    }
}
