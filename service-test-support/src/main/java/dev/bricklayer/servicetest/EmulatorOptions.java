package dev.bricklayer.servicetest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** How to start the emulator; what is not set keeps the emulator's default. */
public final class EmulatorOptions {
    private Duration deploymentDuration;
    private Duration clusterStartDuration;
    private final Map<String, String> properties = new HashMap<>();

    EmulatorOptions() {
    }

    /** How long an ARM deployment (and a workspace create) takes ({@code emulator.deployment-duration}). */
    public EmulatorOptions deploymentDuration(Duration duration) {
        this.deploymentDuration = Objects.requireNonNull(duration);
        return this;
    }

    /** How long a cluster takes from PENDING to RUNNING ({@code emulator.cluster-start-duration}). */
    public EmulatorOptions clusterStartDuration(Duration duration) {
        this.clusterStartDuration = Objects.requireNonNull(duration);
        return this;
    }

    /**
     * A Unity Catalog metastore in {@code region} ({@code emulator.accounts.metastores[n].region}): new workspaces of that
     * region get it assigned and are identity-federated, as Azure does since November 2023. Without one, workspaces
     * are created as before (workspace SCIM, workspace-local groups).
     */
    public EmulatorOptions metastore(String region) {
        long n = properties.keySet().stream().filter(k -> k.startsWith("emulator.accounts.metastores[") && k.endsWith("].region")).count();
        properties.put("emulator.accounts.metastores[" + n + "].region", region);
        return this;
    }

    /** Any other emulator setting, e.g. {@code emulator.token-lifetime}. */
    public EmulatorOptions property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    Duration deploymentDuration() {
        return deploymentDuration;
    }

    Duration clusterStartDuration() {
        return clusterStartDuration;
    }

    Map<String, String> properties() {
        return properties;
    }
}
