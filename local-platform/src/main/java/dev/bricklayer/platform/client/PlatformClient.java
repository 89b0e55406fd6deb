package dev.bricklayer.platform.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.platform.run.EmulatorDefaults;
import dev.bricklayer.platform.run.PlatformSettings;

/**
 * What a person at the platform does over HTTP: gets Entra ID tokens for the Bricklayer API (as the platform team or
 * the auditor), calls the services' REST APIs, reads Azure Databricks with a token for its resource, and uses the emulator's admin API (seeding, journal). Trusts the
 * emulator's certificate. Never prints a token.
 */
public final class PlatformClient {

    /** Who calls the Bricklayer APIs. */
    public enum Caller {
        PLATFORM_TEAM(EmulatorDefaults.PLATFORM_TEAM_CLIENT_ID, EmulatorDefaults.PLATFORM_TEAM_CLIENT_SECRET),
        AUDITOR(EmulatorDefaults.AUDITOR_CLIENT_ID, EmulatorDefaults.AUDITOR_CLIENT_SECRET);

        final String clientId;
        final String secret;

        Caller(String clientId, String secret) {
            this.clientId = clientId;
            this.secret = secret;
        }
    }

    /** An HTTP answer: status and body. */
    public record Answer(int status, String body) {

        public JsonNode json(ObjectMapper mapper) {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (HTTP " + status + "): " + body, e);
            }
        }

        public Answer expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new IllegalStateException("HTTP " + status + ": " + body);
        }
    }

    private record Token(String value, Instant expires) {
    }

    /** The Azure Databricks resource (its first-party application id) whose tokens the account and workspaces take. */
    static final String DATABRICKS_RESOURCE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

    private final PlatformSettings settings;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public PlatformClient(PlatformSettings settings, ObjectMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().sslContext(trusting(settings.trustStore())).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A Bricklayer API call as {@code caller}. */
    public Answer api(Caller caller, String method, URI uri, Object body) {
        return bearer(caller, EmulatorDefaults.API_AUDIENCE, method, uri, body);
    }

    /**
     * An Azure Databricks API call (the account host, or a workspace) as {@code caller} with an Entra ID token for the
     * Azure Databricks resource — for reading back what the platform made, by an app that is an account admin.
     */
    public Answer databricks(Caller caller, String method, URI uri, Object body) {
        return bearer(caller, DATABRICKS_RESOURCE, method, uri, body);
    }

    private Answer bearer(Caller caller, String resource, String method, URI uri, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(caller, resource).value()).header("Accept", "application/json");
        return send(withBody(request, method, body));
    }

    /** An emulator admin call ({@code path} below {@code /admin}). */
    public Answer admin(String method, String path, Object body) {
        return send(withBody(HttpRequest.newBuilder(URI.create(settings.emulatorAdmin() + path)).timeout(Duration.ofSeconds(30)),
                method, body));
    }

    /** A workspace API call with a personal access token (a person's hands, for hand-made drift). */
    public Answer workspace(String workspaceUrl, String pat, String method, String path, Object body) {
        URI uri = URI.create((workspaceUrl.contains("://") ? workspaceUrl : "https://" + workspaceUrl) + path);
        return send(withBody(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + pat),
                method, body));
    }

    private HttpRequest withBody(HttpRequest.Builder request, String method, Object body) {
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            return request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Token token(Caller caller, String resource) {
        String key = caller + " " + resource;
        Token token = tokens.get(key);
        if (token != null && token.expires().isAfter(Instant.now().plusSeconds(60))) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id=" + caller.clientId + "&client_secret="
                + URLEncoder.encode(caller.secret, StandardCharsets.UTF_8) + "&scope="
                + URLEncoder.encode(resource + "/.default", StandardCharsets.UTF_8);
        Answer answer = send(HttpRequest.newBuilder(URI.create(settings.emulatorBase() + "/" + EmulatorDefaults.TENANT + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (answer.status() != 200) {
            throw new IllegalStateException("No token for " + caller + ": HTTP " + answer.status());
        }
        JsonNode body = answer.json(mapper);
        Token fresh = new Token(body.get("access_token").asText(), Instant.now().plusSeconds(body.get("expires_in").asLong()));
        tokens.put(key, fresh);
        return fresh;
    }

    /** TLS trusting the emulator's certificate, read by Spring Boot's SSL bundle support like the services' own. */
    private static SSLContext trusting(Path trustStore) {
        JksSslStoreDetails store = new JksSslStoreDetails("PKCS12", null, "file:" + trustStore.toAbsolutePath(),
                EmulatorDefaults.TRUST_STORE_PASSWORD);
        return SslBundle.of(new JksSslStoreBundle(null, store)).createSslContext();
    }
}
