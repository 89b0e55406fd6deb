package dev.bricklayer.security;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.EmulatorApplication;
import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;

/**
 * The emulator started in-process for security-service's tests, with what the tests do outside the service: deploy a
 * ready workspace through ARM (as workspace-service would), act as a person with a workspace admin's PAT (hand-made
 * drift), and count the calls the emulator served (its journal).
 */
public final class EmulatedAzure implements AutoCloseable {

    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String CLIENT_ID = "6f1f4e8e-3a0c-4c39-9d5e-000000000001";
    public static final String CLIENT_SECRET = "local-emulator-secret-change-me";
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000b1c0";
    public static final String API = "api://6f1f4e8e-3a0c-4c39-9d5e-0000000000a1";

    private static final String[] NOT_FOR_THE_EMULATOR = {
            "org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration",
            "org.springframework.cloud.stream.function.FunctionConfiguration",
            "dev.bricklayer.common.http.HttpStackAutoConfiguration",
            "dev.bricklayer.common.messaging.MessagingAutoConfiguration",
            "dev.bricklayer.common.aad.AadAutoConfiguration",
            "dev.bricklayer.common.registry.WorkspaceRegistryAutoConfiguration",
            "dev.bricklayer.common.web.ApiSecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration"};

    public final ConfigurableApplicationContext emulator;
    public final String base;
    public final String admin;
    public final String trustStore;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient https;

    public EmulatedAzure() {
        String trustStorePath = "target/security-service-emulator-" + System.nanoTime() + ".p12";
        Map<String, Object> properties = new HashMap<>(Map.of("emulator.port", "0", "emulator.admin-port", "0",
                "emulator.deployment-duration", "200ms", "emulator.cluster-start-duration", "200ms",
                "emulator.trust-store-path", trustStorePath,
                "spring.autoconfigure.exclude", String.join(",", NOT_FOR_THE_EMULATOR)));
        emulator = EmulatorApplication.builder().properties(properties).run();
        base = emulator.getBean(EmulatorServers.class).mainBaseUrl();
        admin = emulator.getBean(EmulatorServers.class).adminBaseUrl();
        trustStore = emulator.getBean(EmulatorTls.class).trustStorePath().toString();
        https = HttpClient.newBuilder().sslContext(sslContext(Path.of(trustStore))).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A workspace deployed through ARM (resource group, then the workspace), once it has its URL. */
    public ReadyWorkspace deployWorkspace(String name) {
        String group = "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/rg-" + name;
        send("PUT", base + group + "?api-version=2022-09-01", armToken(), Map.of("location", "westeurope"));
        String path = group + "/providers/Microsoft.Databricks/workspaces/" + name + "?api-version=2024-05-01";
        send("PUT", base + path, armToken(), Map.of("location", "westeurope", "sku", Map.of("name", "premium"),
                "properties", Map.of("managedResourceGroupId", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/databricks-rg-" + name)));
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            done[0] = send("GET", base + path, armToken(), null);
            return "Succeeded".equals(done[0].path("properties").path("provisioningState").asText());
        });
        return new ReadyWorkspace(name, done[0].get("id").asText(), done[0].get("properties").get("workspaceId").asText(),
                done[0].get("properties").get("workspaceUrl").asText());
    }

    /** A person: a (new) human workspace admin with a PAT, who changes things through the workspace's own API. */
    public Person person(ReadyWorkspace workspace, String userName) {
        JsonNode token = send("POST", admin + "/admin/workspaces/" + workspace.name() + "/people-tokens", null,
                Map.of("userName", userName));
        return new Person(workspace, token.get("token_value").asText());
    }

    /** Requests to the workspace that were not GETs, after journal entry {@code since}. */
    public long writesSince(String workspace, long since) {
        return journal().count(e -> workspace.equals(e.workspace()) && e.sequence() > since && !"GET".equals(e.method()));
    }

    /** Every request to the workspace after journal entry {@code since}. */
    public long callsSince(String workspace, long since) {
        return journal().count(e -> workspace.equals(e.workspace()) && e.sequence() > since);
    }

    /** The sequence number of the last request served (0 when none). */
    public long mark() {
        return journal().all().stream().mapToLong(e -> e.sequence()).max().orElse(0);
    }

    public Journal journal() {
        return emulator.getBean(Journal.class);
    }

    /** A bearer token for security-service's own API, for {@code clientId} with {@code roles}. */
    public String bearer(String clientId, List<String> roles) {
        return "Bearer " + emulator.getBean(TokenIssuer.class).issue(TENANT, clientId, "oid-" + clientId, API, roles).value();
    }

    private Map<String, String> armToken() {
        return Map.of("Authorization", "Bearer " + emulator.getBean(TokenIssuer.class)
                .issue(TENANT, CLIENT_ID, "0a1b2c3d-0000-4000-8000-000000000001", TokenIssuer.ARM_RESOURCE, List.of()).value());
    }

    JsonNode send(String method, String url, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (headers != null) {
                headers.forEach(request::header);
            }
            HttpResponse<String> response = https.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body() == null || response.body().isBlank() ? mapper.createObjectNode() : mapper.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext sslContext(Path trustStore) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            return ssl;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }

    /** A deployed workspace: what {@code WorkspaceReady} carries about it. */
    public record ReadyWorkspace(String name, String resourceId, String workspaceId, String workspaceUrl) {
    }

    /** A workspace admin calling the workspace API with a PAT. */
    public final class Person {
        private final ReadyWorkspace workspace;
        private final String token;

        Person(ReadyWorkspace workspace, String token) {
            this.workspace = workspace;
            this.token = token;
        }

        public JsonNode call(String method, String path, Object body) {
            return send(method, "https://" + workspace.workspaceUrl() + path, Map.of("Authorization", "Bearer " + token), body);
        }
    }
}
