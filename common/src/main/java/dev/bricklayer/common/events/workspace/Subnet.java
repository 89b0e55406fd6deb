package dev.bricklayer.common.events.workspace;

import java.util.Objects;

/**
 * A subnet of the workspace's injected VNet, delegated to {@code Microsoft.Databricks/workspaces}.
 *
 * @param name subnet name
 * @param cidr IPv4 CIDR inside the VNet's address space, e.g. {@code 10.28.0.0/26}
 */
public record Subnet(String name, String cidr) {

    public Subnet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cidr, "cidr");
    }
}
