package dev.bricklayer.platform.run;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the local platform runs.
 *
 * @param root             the repository (blueprints, access rules, the modules' built jars)
 * @param workDirectory    logs, the emulator's trust store (under {@code root}/.bricklayer by default)
 * @param kafkaPort        the embedded broker
 * @param postgresPort     the embedded PostgreSQL server
 * @param emulatorPort     the emulator's Entra ID and ARM endpoint (HTTPS)
 * @param emulatorAdminPort the emulator's admin API (HTTP)
 * @param firstServicePort workspace-service's port; security, identity, token and audit follow
 * @param serviceHeap      {@code -Xmx} of each service JVM
 * @param deploymentDuration how long the emulator takes to deploy a workspace
 * @param driftInterval    security-service's drift pass interval
 * @param sweepInterval    token-service's sweep interval
 * @param services         the services to run (all five unless a person debugging says otherwise)
 */
public record PlatformSettings(
        Path root,
        Path workDirectory,
        int kafkaPort,
        int postgresPort,
        int emulatorPort,
        int emulatorAdminPort,
        int firstServicePort,
        String serviceHeap,
        Duration deploymentDuration,
        Duration driftInterval,
        Duration sweepInterval,
        java.util.Set<String> services) {

    public static PlatformSettings defaults(Path root) {
        return new PlatformSettings(root, root.resolve(".bricklayer"), 19092, 15432, 8443, 8444, 8081, "256m",
                Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofHours(1), ServiceSpec.NAMES);
    }

    public Path logs() {
        return workDirectory.resolve("logs");
    }

    public Path trustStore() {
        return workDirectory.resolve("emulator-truststore.p12");
    }

    public String kafka() {
        return "localhost:" + kafkaPort;
    }

    public String emulatorBase() {
        return "https://localhost:" + emulatorPort;
    }

    /** The emulator's Azure Databricks account host (HTTPS), two ports above its Entra ID and ARM endpoint. */
    public String emulatorAccountBase() {
        return "https://localhost:" + (emulatorPort + 2);
    }

    public String emulatorAdmin() {
        return "http://localhost:" + emulatorAdminPort + "/admin";
    }
}
