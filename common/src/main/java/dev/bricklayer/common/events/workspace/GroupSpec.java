package dev.bricklayer.common.events.workspace;

import java.util.List;
import java.util.Objects;

/**
 * A desired workspace group.
 *
 * @param name         group display name
 * @param entitlements entitlements of the group
 */
public record GroupSpec(String name, List<Entitlement> entitlements) {

    public GroupSpec {
        Objects.requireNonNull(name, "name");
        entitlements = entitlements == null ? List.of() : List.copyOf(entitlements);
    }
}
