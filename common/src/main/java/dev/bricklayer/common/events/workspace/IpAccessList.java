package dev.bricklayer.common.events.workspace;

import java.util.List;
import java.util.Objects;

/**
 * A desired IP access list of a workspace.
 *
 * @param label     unique label within its list type
 * @param listType  allow or block
 * @param addresses IPv4 addresses and IPv4 CIDRs
 */
public record IpAccessList(String label, ListType listType, List<String> addresses) {

    public IpAccessList {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(listType, "listType");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
