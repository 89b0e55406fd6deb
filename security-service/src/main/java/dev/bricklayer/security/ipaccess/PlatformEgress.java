package dev.bricklayer.security.ipaccess;

import java.util.List;
import java.util.Optional;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.rules.Ipv4Addresses;

/**
 * The platform's own egress — the addresses Bricklayer calls workspaces from — and the ALLOW list security-service
 * keeps for it, so that no desired state can lock the platform out of a workspace.
 *
 * @param ranges       IPv4 / IPv4 CIDR egress ranges
 * @param manageList   whether security-service keeps its own ALLOW list of {@link #ranges}
 * @param listLabel    that list's label
 */
public record PlatformEgress(List<String> ranges, boolean manageList, String listLabel) {

    public PlatformEgress {
        ranges = List.copyOf(ranges);
    }

    /** The platform's ALLOW list a desired state needs: only when it has an ALLOW list, and the list is managed. */
    public Optional<IpAccessList> listFor(DesiredState desired) {
        boolean anyAllow = desired.ipAccessLists().stream().anyMatch(list -> list.listType() == ListType.ALLOW);
        return manageList && anyAllow && !ranges.isEmpty()
                ? Optional.of(new IpAccessList(listLabel, ListType.ALLOW, ranges))
                : Optional.empty();
    }

    /** The egress range {@code address} (IPv4 or CIDR) overlaps, if any. */
    public Optional<String> overlapping(String address) {
        if (!Ipv4Addresses.isIpv4OrCidr(address)) {
            return Optional.empty();
        }
        return ranges.stream().filter(range -> Ipv4Addresses.overlaps(range, address)).findFirst();
    }
}
