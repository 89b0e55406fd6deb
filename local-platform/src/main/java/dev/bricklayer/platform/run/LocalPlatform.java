package dev.bricklayer.platform.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.bricklayer.common.events.TopicLayout;
import dev.bricklayer.testsupport.EmbeddedKafka;
import dev.bricklayer.testsupport.EmbeddedPostgres;

/**
 * The whole platform on one machine: an Apache Kafka broker (KRaft) and a PostgreSQL server in this JVM, the
 * emulator and the five services as JVMs of their own, each with its log file. {@link #close()} stops everything it
 * started, services first.
 */
public final class LocalPlatform implements AutoCloseable {

    private final PlatformSettings settings;
    private final Consumer<String> progress;
    private final PlatformJvms jvms;
    private final Map<String, URI> endpoints = new LinkedHashMap<>();
    private final Map<String, List<String>> extraArguments = new java.util.concurrent.ConcurrentHashMap<>();
    private EmbeddedKafkaKraftBroker kafka;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private Duration federatedTokenLifetime;
    private WorkloadIdentity workloadIdentity;

    public LocalPlatform(PlatformSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        this.jvms = new PlatformJvms(settings.logs(), progress);
    }

    /** Further settings ({@code --key=value}) for one service, given after its own (a benchmark's configuration). */
    public LocalPlatform withArguments(String service, List<String> arguments) {
        extraArguments.merge(service, List.copyOf(arguments), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        return this;
    }

    /**
     * The services sign in without a secret, as on AKS with Azure Workload Identity: a federated credential each on the
     * platform's app, trusting the emulator's stand-in cluster issuer, and a service-account token in a file the platform
     * rotates (see {@link WorkloadIdentity}); no client secret is given to any service.
     */
    public LocalPlatform withSecretlessSignIn(Duration tokenLifetime) {
        this.federatedTokenLifetime = tokenLifetime;
        return this;
    }

    /** {@link #withSecretlessSignIn(Duration)} with tokens of an hour, as AKS projects them. */
    public LocalPlatform withSecretlessSignIn() {
        return withSecretlessSignIn(WorkloadIdentity.TOKEN_LIFETIME);
    }

    /** Whether the services sign in without a secret ({@link #withSecretlessSignIn}). */
    public boolean secretless() {
        return federatedTokenLifetime != null;
    }

    /**
     * One more instance of a running service on {@code port}, with the same settings (in the same consumer groups, on
     * the same database and budgets); waits until it is ready.
     */
    public JavaProcess startInstance(String service, int port) {
        ServiceSpec spec = ServiceSpec.all(settings).stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a service of this platform: " + service));
        ServiceSpec other = new ServiceSpec(service, port, spec.arguments());
        JavaProcess process = launchService(other, PlatformJvms.bootJar(settings.root(), service), service + "-" + port);
        URI base = URI.create("http://localhost:" + port);
        endpoints.put(service + "-" + port, base);
        process.awaitHealthy(base.resolve("/actuator/health/readiness"), Duration.ofMinutes(4));
        return process;
    }

    public PlatformSettings settings() {
        return settings;
    }

    /** Name → base URL of everything that listens. */
    public Map<String, URI> endpoints() {
        return Collections.unmodifiableMap(endpoints);
    }

    public List<JavaProcess> processes() {
        return jvms.processes();
    }

    /** Starts everything and waits until every service is ready; what started is stopped again when something fails. */
    public LocalPlatform start() {
        ExecutorService starting = Executors.newCachedThreadPool(); // each JVM's training and start, in parallel
        try {
            return startAll(starting);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        } finally {
            starting.shutdown();
        }
    }

    private LocalPlatform startAll(ExecutorService starting) {
        List<ServiceSpec> services = ServiceSpec.all(settings);
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put("emulator", PlatformJvms.bootJar(settings.root(), "emulator"));
        services.forEach(s -> jars.put(s.name(), PlatformJvms.bootJar(settings.root(), s.name())));
        try {
            Files.createDirectories(settings.logs());
            Files.deleteIfExists(settings.trustStore());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // the emulator's JVM starts first and boots while Kafka and PostgreSQL start in this one
        progress.accept("emulator (Entra ID, ARM, Azure Databricks) on " + settings.emulatorBase());
        CompletableFuture<JavaProcess> emulator = CompletableFuture.supplyAsync(() -> jvms.launch("emulator", jars.get("emulator"), "160m", List.of(
                "--emulator.port=" + settings.emulatorPort(),
                "--emulator.admin-port=" + settings.emulatorAdminPort(),
                "--emulator.accounts.port=" + URI.create(settings.emulatorAccountBase()).getPort(),
                // the Unity Catalog metastore of the demo's region, which Azure assigns to new workspaces there
                "--emulator.accounts.metastores[0].region=" + EmulatorDefaults.REGION,
                "--emulator.trust-store-path=" + settings.trustStore(),
                "--emulator.trust-store-password=" + EmulatorDefaults.TRUST_STORE_PASSWORD,
                "--emulator.deployment-duration=" + settings.deploymentDuration()), Map.of()), starting);

        progress.accept("Kafka (KRaft) on " + settings.kafka());
        kafka = EmbeddedKafka.start(settings.kafkaPort());
        createTopics();
        endpoints.put("kafka", URI.create("kafka://" + settings.kafka()));

        progress.accept("PostgreSQL on localhost:" + settings.postgresPort());
        postgres = EmbeddedPostgres.start(settings.postgresPort());
        createDatabase();
        endpoints.put("postgres", URI.create("jdbc:postgresql://localhost:" + settings.postgresPort() + "/bricklayer"));

        emulator.join().awaitHealthy(URI.create(settings.emulatorAdmin() + "/info"), Duration.ofMinutes(2));
        if (secretless()) {
            progress.accept("workload identity: federated credentials trusting " + settings.emulatorBase() + "/oidc/"
                    + WorkloadIdentity.ISSUER_NAME + ", service-account tokens rotated every " + federatedTokenLifetime.multipliedBy(8).dividedBy(10));
            workloadIdentity = new WorkloadIdentity(settings, federatedTokenLifetime);
            workloadIdentity.start(services.stream().map(ServiceSpec::name).toList());
        }
        endpoints.put("emulator", URI.create(settings.emulatorBase()));
        endpoints.put("emulator accounts", URI.create(settings.emulatorAccountBase()));
        endpoints.put("emulator-admin", URI.create(settings.emulatorAdmin()));

        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ServiceSpec service : services) {
            progress.accept(service.name() + " on http://localhost:" + service.port());
            URI base = URI.create("http://localhost:" + service.port());
            endpoints.put(service.name(), base);
            ready.add(CompletableFuture.runAsync(() -> launchService(service, jars.get(service.name()), service.name())
                    .awaitHealthy(base.resolve("/actuator/health/readiness"), Duration.ofMinutes(4)), starting));
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("The services did not start: " + e, e);
        }
        return this;
    }

    private JavaProcess launchService(ServiceSpec service, Path jar, String processName) {
        // one value per key: a setting given by withArguments replaces the platform's own
        Map<String, String> byKey = new LinkedHashMap<>();
        Stream.of(sharedArguments(service), service.arguments().apply(settings), extraArguments.getOrDefault(service.name(), List.of()))
                .flatMap(List::stream)
                .forEach(argument -> byKey.put(argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument, argument));
        // secretless, the identity comes from the variables Azure Workload Identity's webhook injects, as in a pod
        Map<String, String> identity = secretless() ? workloadIdentity.environment(service.name())
                : Map.of("BRICKLAYER_AAD_CLIENTSECRET", EmulatorDefaults.PLATFORM_CLIENT_SECRET);
        return jvms.launch(processName, jar, settings.serviceHeap(), new ArrayList<>(byKey.values()), identity);
    }

    private List<String> sharedArguments(ServiceSpec service) {
        String tenant = EmulatorDefaults.TENANT;
        List<String> signIn = secretless() ? List.of() : List.of(
                "--bricklayer.aad.authority-host=" + settings.emulatorBase(),
                "--bricklayer.aad.tenant-id=" + tenant,
                "--bricklayer.aad.client-id=" + EmulatorDefaults.PLATFORM_CLIENT_ID);
        return Stream.concat(signIn.stream(), Stream.of(
                "--server.port=" + service.port(),
                "--spring.kafka.bootstrap-servers=" + settings.kafka(),
                "--spring.cloud.stream.kafka.binder.brokers=" + settings.kafka(),
                "--spring.datasource.url=jdbc:postgresql://localhost:" + settings.postgresPort() + "/bricklayer",
                "--spring.datasource.username=bricklayer",
                "--spring.datasource.password=bricklayer",
                "--bricklayer.http.arm-base-url=" + settings.emulatorBase(),
                "--bricklayer.http.account-base-url=" + settings.emulatorAccountBase(),
                "--bricklayer.http.account-id=" + EmulatorDefaults.ACCOUNT,
                "--spring.ssl.bundle.jks.emulator.truststore.location=file:" + settings.trustStore(),
                "--spring.ssl.bundle.jks.emulator.truststore.password=" + EmulatorDefaults.TRUST_STORE_PASSWORD,
                "--spring.ssl.bundle.jks.emulator.truststore.type=PKCS12",
                "--bricklayer.tls.bundle=emulator",
                "--bricklayer.api.jwk-set-uri=" + settings.emulatorBase() + "/" + tenant + "/discovery/v2.0/keys",
                "--bricklayer.api.issuer=https://sts.windows.net/" + tenant + "/",
                "--bricklayer.api.audience=" + EmulatorDefaults.API_AUDIENCE)).toList();
    }

    private void createTopics() {
        // every topic (dead letters too) with its partitions, before the services start: as in production
        List<NewTopic> topics = new ArrayList<>();
        for (TopicLayout.Topic topic : TopicLayout.ALL) {
            NewTopic created = new NewTopic(topic.name(), topic.partitions(), (short) 1);
            topics.add(topic.compacted() ? created.configs(Map.of("cleanup.policy", "compact")) : created);
        }
        EmbeddedKafka.create(settings.kafka(), topics);
    }

    /**
     * PostgreSQL's processes: the postmaster (the parent of a backend this asks for) and every process under it
     * (a backend per connection, background workers). Empty when PostgreSQL is not running.
     */
    public List<ProcessHandle> postgresProcesses() {
        if (postgres == null) {
            return List.of();
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet backend = statement.executeQuery("select pg_backend_pid()")) {
            backend.next();
            long pid = backend.getLong(1);
            return ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                    .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList())
                    .orElse(List.of());
        } catch (SQLException e) {
            return List.of();
        }
    }

    private void createDatabase() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create role bricklayer login password 'bricklayer'");
            statement.execute("create database bricklayer owner bricklayer");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the bricklayer database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (workloadIdentity != null) {
            workloadIdentity.close();
        }
        jvms.close();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // going away
            }
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }
}
