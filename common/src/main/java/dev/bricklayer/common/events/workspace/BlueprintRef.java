package dev.bricklayer.common.events.workspace;

import java.util.Objects;

/**
 * Names one version of a blueprint: the versioned YAML of a workspace's desired state.
 *
 * @param name    blueprint name, e.g. {@code analytics-standard}
 * @param version blueprint version, e.g. {@code 3}
 */
public record BlueprintRef(String name, String version) {

    public BlueprintRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
