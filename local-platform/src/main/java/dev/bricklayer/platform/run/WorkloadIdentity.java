package dev.bricklayer.platform.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Secretless sign-in on the local platform, as Azure Workload Identity gives it on AKS: the emulator hosts a stand-in
 * cluster issuer ({@value #ISSUER_NAME}); each service is a service account {@code system:serviceaccount:}{@value #NAMESPACE}{@code :<service>}
 * with a federated identity credential on the platform's app; its projected token is a file the platform writes and
 * rotates (as the kubelet does: a fresh token when 80 % of the last one's lifetime has passed), and the service gets
 * only what the webhook injects — {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE},
 * {@code AZURE_AUTHORITY_HOST} — and no client secret.
 */
final class WorkloadIdentity implements AutoCloseable {

    static final String ISSUER_NAME = "local-platform";
    static final String NAMESPACE = "bricklayer";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    private final PlatformSettings settings;
    private final Path tokens;
    private final Duration lifetime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduledExecutorService rotation = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "workload-identity-rotation");
        thread.setDaemon(true);
        return thread;
    });

    WorkloadIdentity(PlatformSettings settings, Duration lifetime) {
        this.settings = settings;
        this.tokens = settings.workDirectory().resolve("workload-identity");
        this.lifetime = lifetime;
    }

    /** The stand-in issuer's URL, as the emulator serves it. */
    String issuer() {
        return settings.emulatorBase() + "/oidc/" + ISSUER_NAME;
    }

    static String subject(String service) {
        return "system:serviceaccount:" + NAMESPACE + ":" + service;
    }

    /** The federated credential of each service on the platform's app, its first token written, rotation started. */
    void start(Collection<String> services) {
        try {
            Files.createDirectories(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String service : services) {
            post("/directory/apps/" + EmulatorDefaults.PLATFORM_CLIENT_ID + "/federated-credentials",
                    Map.of("name", "bricklayer-" + service, "issuer", issuer(), "subject", subject(service)));
            writeToken(service);
        }
        long every = lifetime.toMillis() * 8 / 10;
        rotation.scheduleAtFixedRate(() -> services.forEach(this::rotate), every, every, TimeUnit.MILLISECONDS);
    }

    /** What the Workload Identity webhook injects into the service's pod. */
    Map<String, String> environment(String service) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AZURE_CLIENT_ID", EmulatorDefaults.PLATFORM_CLIENT_ID);
        environment.put("AZURE_TENANT_ID", EmulatorDefaults.TENANT);
        environment.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile(service).toString());
        environment.put("AZURE_AUTHORITY_HOST", settings.emulatorBase() + "/");
        return environment;
    }

    Path tokenFile(String service) {
        return tokens.resolve(service).resolve("azure-identity-token");
    }

    private void rotate(String service) {
        try {
            writeToken(service);
        } catch (RuntimeException e) {
            // the service keeps the token it has (valid for another fifth of its lifetime) and the next rotation tries again
            System.err.println("workload identity: the token of " + service + " was not rotated: " + e.getMessage());
        }
    }

    /** A fresh service-account token, written whole (a temporary file moved in place): a reader never sees half of it. */
    private void writeToken(String service) {
        JsonNode minted = post("/oidc/" + ISSUER_NAME + "/tokens", Map.of("namespace", NAMESPACE, "serviceAccount", service,
                "lifetimeSeconds", lifetime.toSeconds()));
        Path file = tokenFile(service);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".token", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions keeps its defaults
            }
            Files.writeString(temporary, minted.path("token").asText());
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the token of " + service + " to " + file, e);
        }
    }

    private JsonNode post(String path, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.emulatorAdmin() + path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                // the answer names the problem; it carries no token when refused
                throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " to the emulator failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        rotation.shutdownNow();
    }
}
