package dev.bricklayer.platform.run;

import java.util.List;
import java.util.function.Function;

/**
 * One Bricklayer service as the local platform runs it: its module (where its boot jar is built), its HTTP port, and
 * the settings of its own the platform gives it on top of the shared ones (Kafka, PostgreSQL, Entra ID, trust).
 *
 * @param name      the service name, also its module and its log file's name
 * @param port      its HTTP port (REST API, actuator)
 * @param arguments its own settings as {@code --key=value}, given the platform's layout
 */
public record ServiceSpec(String name, int port, Function<PlatformSettings, List<String>> arguments) {

    /** The five services' names. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("audit-service", "workspace-service", "security-service",
            "identity-service", "token-service");

    /** The services of {@code settings}, in the order they are started. */
    public static List<ServiceSpec> all(PlatformSettings settings) {
        return every(settings).stream().filter(s -> settings.services().contains(s.name())).toList();
    }

    private static List<ServiceSpec> every(PlatformSettings settings) {
        int base = settings.firstServicePort();
        return List.of(
                new ServiceSpec("audit-service", base + 4, s -> List.of(
                        "--bricklayer.audit.outcome-unknown-after=1m",
                        "--bricklayer.audit.sweep-interval=5s")),
                new ServiceSpec("workspace-service", base, s -> List.of(
                        "--bricklayer.workspace.blueprints-dir=" + s.root().resolve("blueprints"),
                        "--bricklayer.workspace.poll-first-pause=500ms",
                        "--bricklayer.workspace.poll-max-pause=2s")),
                new ServiceSpec("security-service", base + 1, s -> List.of(
                        "--bricklayer.security.platform-egress-ranges=127.0.0.1/32",
                        "--bricklayer.security.drift-interval=" + s.driftInterval())),
                new ServiceSpec("identity-service", base + 2, s -> List.of(
                        "--bricklayer.identity.access-rules-dir=" + s.root().resolve("access-rules"))),
                new ServiceSpec("token-service", base + 3, s -> List.of(
                        "--bricklayer.token.sweep-interval=" + s.sweepInterval())));
    }
}
