package dev.bricklayer.platform;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.demo.DemoScenario;
import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bricklayer demo | up}: the whole platform on this machine. */
@Command(name = "bricklayer", mixinStandardHelpOptions = true, subcommands = {Bricklayer.Demo.class, Bricklayer.Up.class},
        description = "Runs Bricklayer locally: embedded Kafka (KRaft) and PostgreSQL, the emulator and the five services.")
public final class Bricklayer {

    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Options both commands take. */
    static class Layout {
        @Option(names = "--root", description = "The repository (blueprints, access rules, built jars). Default: the current directory.")
        Path root = Path.of("").toAbsolutePath();

        @Option(names = "--first-port", description = "workspace-service's port; security, identity, token and audit follow. Default: ${DEFAULT-VALUE}.")
        int firstPort = 8081;

        @Option(names = "--kafka-port", description = "Default: ${DEFAULT-VALUE}.")
        int kafkaPort = 19092;

        @Option(names = "--postgres-port", description = "Default: ${DEFAULT-VALUE}.")
        int postgresPort = 15432;

        @Option(names = "--service-heap", description = "-Xmx of each service JVM. Default: ${DEFAULT-VALUE}.")
        String heap = "256m";

        @Option(names = "--secretless", description = "The services sign in as on AKS with Azure Workload Identity: federated "
                + "credentials trusting the emulator's stand-in cluster issuer and rotated service-account token files; no client secret.")
        boolean secretless;

        @Option(names = "--services", split = ",", description = "Only these services (to debug one). Default: all five.")
        java.util.Set<String> services = dev.bricklayer.platform.run.ServiceSpec.NAMES;

        LocalPlatform platform() {
            LocalPlatform platform = new LocalPlatform(settings(), line -> System.out.println("  starting " + line));
            return secretless ? platform.withSecretlessSignIn() : platform;
        }

        PlatformSettings settings() {
            PlatformSettings d = PlatformSettings.defaults(root);
            return new PlatformSettings(root, d.workDirectory(), kafkaPort, postgresPort, d.emulatorPort(), d.emulatorAdminPort(), firstPort,
                    heap, d.deploymentDuration(), d.driftInterval(), d.sweepInterval(), services);
        }
    }

    @Command(name = "demo", description = "Starts the platform, runs the demo scenario with live progress, prints the report and stops.")
    static final class Demo implements Callable<Integer> {
        @CommandLine.Mixin
        Layout layout = new Layout();

        @Option(names = "--people", description = "HR joiners in the scenario. Default: ${DEFAULT-VALUE}.")
        int people = 24;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            try (LocalPlatform platform = layout.platform()) {
                Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "bricklayer-stop"));
                System.out.println("Bricklayer demo: starting the platform (logs in " + layout.settings().logs() + ")");
                platform.start();
                System.out.printf("Platform ready in %.0f s%n", (System.nanoTime() - start) / 1e9);
                DemoScenario.Report report = new DemoScenario(platform, MAPPER, people, System.out).run();
                System.out.println(report.text());
                System.out.printf("Time to report: %.0f s%n", (System.nanoTime() - start) / 1e9);
                return report.ok() ? 0 : 1;
            }
        }
    }

    @Command(name = "up", description = "Starts the platform and keeps it running until Ctrl-C; prints every endpoint, credential and example command.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin
        Layout layout = new Layout();

        @Override
        public Integer call() throws InterruptedException {
            LocalPlatform platform = layout.platform();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("Stopping every process the platform started…");
                platform.close();
                stopped.countDown();
            }, "bricklayer-stop"));
            platform.start();
            JsonNode directory = new PlatformClient(platform.settings(), MAPPER).admin("GET", "/directory", null).expect(200).json(MAPPER);
            System.out.println(Endpoints.describe(platform, directory));
            stopped.await();
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bricklayer()).execute(args));
    }
}
