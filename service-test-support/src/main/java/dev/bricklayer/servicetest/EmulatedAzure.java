package dev.bricklayer.servicetest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.bricklayer.common.aad.AadProperties;
import dev.bricklayer.common.aad.MsalAccessTokenSource;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.EventPublishingAuditSink;
import dev.bricklayer.common.http.HttpStackProperties;
import dev.bricklayer.common.http.budget.BudgetStore;
import dev.bricklayer.common.http.budget.Budgets;
import dev.bricklayer.common.messaging.CloudEventPublisher;
import dev.bricklayer.emulator.EmulatorApplication;
import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;
import dev.bricklayer.testsupport.EmbeddedKafka;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Azure as the services' tests meet it: the emulator (Entra ID, ARM and Azure Databricks) started in-process, and
 * what a test does on Azure's side of the wire.
 *
 * <ul>
 *   <li>the settings that point a service at it — {@link #platformSettings()}, {@link #trustSettings()},
 *       {@link #apiSettings()}; {@link ServiceTestProperties} adds Kafka and PostgreSQL to them;</li>
 *   <li>the common HTTP stack as a named service configures it ({@link #apiClients}), for tests that drive a
 *       service's classes without the whole application;</li>
 *   <li>what others do: a workspace deployed through ARM as workspace-service would ({@link #deployWorkspace}), a
 *       person with a workspace admin's PAT ({@link #person}), the admin API ({@link #admin}), tokens for the Bricklayer
 *       API ({@link #bearer});</li>
 *   <li>what the emulator served, from its journal ({@link #mark()}, {@link #callsSince}, {@link #writesSince}).</li>
 * </ul>
 *
 * <p>{@link #close()} stops the emulator and whatever it handed out ({@link #apiClients}' token sources and Kafka
 * producers).
 */
public final class EmulatedAzure implements AutoCloseable {

    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    /** The platform's application (what the services sign in as) and its secret in the emulator's directory. */
    public static final String CLIENT_ID = "6f1f4e8e-3a0c-4c39-9d5e-000000000001";
    public static final String CLIENT_SECRET = "local-emulator-secret-change-me";
    /** The Bricklayer API's application id URI: the audience of tokens for the services' own REST APIs. */
    public static final String API = "api://6f1f4e8e-3a0c-4c39-9d5e-0000000000a1";
    /** Client apps of the emulator's directory calling the Bricklayer API: the platform team's and the auditors'. */
    public static final String PLATFORM_TEAM = "6f1f4e8e-3a0c-4c39-9d5e-000000000003";
    public static final String AUDITOR = "6f1f4e8e-3a0c-4c39-9d5e-000000000004";
    /** The subscription {@link #deployWorkspace} deploys into. */
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000b1c0";
    public static final String TRUST_STORE_PASSWORD = "changeit";

    /**
     * Auto-configurations on a service's test class path that are the service's, not the emulator's: the Bricklayer
     * stack from common, Spring Cloud Stream's bindings, the database and scheduling.
     */
    private static final List<String> NOT_FOR_THE_EMULATOR = List.of(
            "org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration",
            "org.springframework.cloud.stream.function.FunctionConfiguration",
            "dev.bricklayer.common.http.HttpStackAutoConfiguration",
            "dev.bricklayer.common.messaging.MessagingAutoConfiguration",
            "dev.bricklayer.common.aad.AadAutoConfiguration",
            "dev.bricklayer.common.registry.WorkspaceRegistryAutoConfiguration",
            "dev.bricklayer.common.web.ApiSecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
            "org.springframework.boot.autoconfigure.scheduling.TaskSchedulingAutoConfiguration");
    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofSeconds(30);

    private final ConfigurableApplicationContext emulator;
    private final String baseUrl;
    private final String adminUrl;
    private final String trustStore;
    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    /** For what the tests send the emulator themselves: dates as ISO-8601 text, as Azure's APIs take them. */
    private final ObjectMapper wire = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final HttpClient http;
    private final Deque<AutoCloseable> handedOut = new ArrayDeque<>();

    private EmulatedAzure(Options options) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("emulator.port", "0");
        properties.put("emulator.admin-port", "0");
        properties.put("emulator.trust-store-path",
                "target/emulator-" + ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet() + ".p12");
        properties.put("spring.autoconfigure.exclude", String.join(",", NOT_FOR_THE_EMULATOR));
        if (options.deploymentDuration != null) {
            properties.put("emulator.deployment-duration", options.deploymentDuration.toMillis() + "ms");
        }
        if (options.clusterStartDuration != null) {
            properties.put("emulator.cluster-start-duration", options.clusterStartDuration.toMillis() + "ms");
        }
        properties.putAll(options.properties);
        emulator = EmulatorApplication.builder().properties(properties).run();
        baseUrl = emulator.getBean(EmulatorServers.class).mainBaseUrl();
        adminUrl = emulator.getBean(EmulatorServers.class).adminBaseUrl();
        trustStore = emulator.getBean(EmulatorTls.class).trustStorePath().toString();
        http = HttpClient.newBuilder().sslContext(sslContext(Path.of(trustStore))).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The emulator with its defaults (a deployment takes 3 s, a cluster 2 s to start). */
    public static EmulatedAzure start() {
        return start(options());
    }

    public static EmulatedAzure start(Options options) {
        return new EmulatedAzure(options);
    }

    /** Options for {@link #start(Options)}: what is not set keeps the emulator's default. */
    public static Options options() {
        return new Options();
    }

    // ---- the emulator -----------------------------------------------------------------------------------------

    /** Entra ID and ARM (HTTPS): the authority host and ARM base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The admin API (plain HTTP): seeding, faults, journal. */
    public String adminUrl() {
        return adminUrl;
    }

    /** The PKCS12 trust store holding the emulator's certificate (password {@link #TRUST_STORE_PASSWORD}). */
    public String trustStore() {
        return trustStore;
    }

    /** A bean of the emulator (its state: {@code Workspaces}, {@code FaultInjector}, {@code TokenIssuer}, …). */
    public <T> T bean(Class<T> type) {
        return emulator.getBean(type);
    }

    /** The JSON mapper of {@link #apiClients} (Java time and the other modules on the class path registered). */
    public ObjectMapper mapper() {
        return mapper;
    }

    // ---- pointing a service at it -----------------------------------------------------------------------------

    /** {@code bricklayer.aad.*} and {@code bricklayer.http.arm-base-url}: the platform's app calling Entra ID and ARM here. */
    public Map<String, String> platformSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bricklayer.aad.authority-host", baseUrl);
        settings.put("bricklayer.aad.tenant-id", TENANT);
        settings.put("bricklayer.aad.client-id", CLIENT_ID);
        settings.put("bricklayer.aad.client-secret", CLIENT_SECRET);
        settings.put("bricklayer.http.arm-base-url", baseUrl);
        settings.putAll(trustSettings());
        return settings;
    }

    /** The name of the SSL bundle holding the emulator's certificate in {@link #trustSettings()}. */
    public static final String TRUST_BUNDLE = "emulator";

    /**
     * {@code bricklayer.tls.bundle} and its SSL bundle ({@code spring.ssl.bundle.jks.emulator.truststore.*}): Entra ID
     * sign-in and the common HTTP stack trusting the emulator's certificate.
     */
    public Map<String, String> trustSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        String bundle = "spring.ssl.bundle.jks." + TRUST_BUNDLE + ".truststore.";
        settings.put(bundle + "location", "file:" + trustStore);
        settings.put(bundle + "password", TRUST_STORE_PASSWORD);
        settings.put(bundle + "type", "PKCS12");
        settings.put("bricklayer.tls.bundle", TRUST_BUNDLE);
        return settings;
    }

    /** {@code bricklayer.api.*}: a service's REST API accepting the emulator's Entra ID tokens for {@link #API}. */
    public Map<String, String> apiSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bricklayer.api.jwk-set-uri", baseUrl + "/" + TENANT + "/discovery/v2.0/keys");
        settings.put("bricklayer.api.issuer", "https://sts.windows.net/" + TENANT + "/");
        settings.put("bricklayer.api.audience", API);
        return settings;
    }

    /**
     * The common HTTP stack as {@code service} runs it, pointed here: MSAL4J signing in as the platform's app over
     * HTTPS, retries after 100 ms, write-ahead audit records to the embedded Kafka broker under {@code service}'s name.
     *
     * Its budgets are kept in its own memory ({@code bricklayer.http.budget.store=local}): give it a
     * {@code bricklayer.http.budget.share} below 1 when the service under test calls the same workspaces meanwhile.
     *
     * @param httpSettings further {@code bricklayer.http.*} settings, e.g. {@code bricklayer.http.budget.share}
     */
    public ApiClientFactory apiClients(String service, Map<String, String> httpSettings) {
        httpSettings.keySet().stream().filter(key -> !key.startsWith("bricklayer.http.")).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException("not a bricklayer.http.* setting: " + key);
        });
        Map<String, String> settings = new HashMap<>(platformSettings());
        settings.putAll(trustSettings());
        settings.put("bricklayer.http.retry.initial-backoff", "100ms");
        settings.putAll(httpSettings);
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        MsalAccessTokenSource tokens = new MsalAccessTokenSource(binder.bindOrCreate("bricklayer.aad", AadProperties.class),
                trustBundle(Path.of(trustStore)).createSslContext());
        handedOut.push(tokens);
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.<String, Object>of(
                "bootstrap.servers", EmbeddedKafka.bootstrapServers(), "acks", "all",
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class));
        handedOut.push(producers::destroy);
        HttpStackProperties http = binder.bindOrCreate("bricklayer.http", HttpStackProperties.class);
        return new ApiClientFactory(WebClient.builder(), http, service,
                tokens, new EventPublishingAuditSink(new CloudEventPublisher(new KafkaTemplate<>(producers), mapper, service)),
                new SimpleMeterRegistry(), mapper, RetryRegistry.ofDefaults(), new Budgets(http, BudgetStore.local(), Clock.systemUTC()),
                trustBundle(Path.of(trustStore)));
    }

    // ---- what others do ---------------------------------------------------------------------------------------

    /**
     * A workspace deployed through ARM as workspace-service would (the resource group, then the workspace, as the
     * platform's app), once ARM reports it succeeded with its URL.
     */
    public ReadyWorkspace deployWorkspace(String name) {
        String group = "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/rg-" + name;
        send("PUT", baseUrl + group + "?api-version=2022-09-01", armToken(), Map.of("location", "westeurope")).successful();
        String path = group + "/providers/Microsoft.Databricks/workspaces/" + name + "?api-version=2024-05-01";
        send("PUT", baseUrl + path, armToken(), Map.of("location", "westeurope", "sku", Map.of("name", "premium"),
                "properties", Map.of("managedResourceGroupId", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/databricks-rg-" + name)))
                .successful();
        long deadline = System.nanoTime() + DEPLOYMENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode workspace = send("GET", baseUrl + path, armToken(), null).successful();
            JsonNode properties = workspace.path("properties");
            if ("Succeeded".equals(properties.path("provisioningState").asText())) {
                return new ReadyWorkspace(name, workspace.get("id").asText(), properties.get("workspaceId").asText(),
                        properties.get("workspaceUrl").asText());
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("workspace " + name + " was not deployed within " + DEPLOYMENT_TIMEOUT);
    }

    /** A person: a (new) human workspace admin with a PAT, who changes things through the workspace's own API. */
    public Person person(ReadyWorkspace workspace, String userName) {
        JsonNode token = admin("POST", "/admin/workspaces/" + workspace.name() + "/people-tokens", Map.of("userName", userName))
                .successful();
        return new Person(workspace, token.get("token_value").asText());
    }

    /** A request to the emulator's admin API ({@code /admin/...}, see the emulator's README); any status is answered. */
    public Answer admin(String method, String path, Object body) {
        return send(method, adminUrl + path, Map.of(), body);
    }

    /** A bearer token ({@code "Bearer …"}) for the Bricklayer API, for client app {@code clientId} with {@code roles}. */
    public String bearer(String clientId, List<String> roles) {
        return "Bearer " + bean(TokenIssuer.class).issue(TENANT, clientId, "oid-" + clientId, API, roles).value();
    }

    // ---- what the emulator served -----------------------------------------------------------------------------

    public Journal journal() {
        return bean(Journal.class);
    }

    /** The sequence number of the last request served (0 when none): count from here with the methods below. */
    public long mark() {
        return journal().all().stream().mapToLong(JournalEntry::sequence).max().orElse(0);
    }

    /** Every request to the workspace after journal entry {@code since}. */
    public long callsSince(String workspace, long since) {
        return journal().count(e -> workspace.equals(e.workspace()) && e.sequence() > since);
    }

    /** Requests to the workspace that were not GETs, after journal entry {@code since}. */
    public long writesSince(String workspace, long since) {
        return journal().count(e -> workspace.equals(e.workspace()) && e.sequence() > since && !"GET".equals(e.method()));
    }

    @Override
    public void close() {
        while (!handedOut.isEmpty()) {
            try {
                handedOut.pop().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        emulator.close();
    }

    // ---- ------------------------------------------------------------------------------------------------------

    private Map<String, String> armToken() {
        return Map.of("Authorization", "Bearer " + bean(TokenIssuer.class)
                .issue(TENANT, CLIENT_ID, "0a1b2c3d-0000-4000-8000-000000000001", TokenIssuer.ARM_RESOURCE, List.of()).value());
    }

    private Answer send(String method, String url, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(wire.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body() == null ? "" : response.body();
            JsonNode json = text.isBlank() ? wire.createObjectNode() : parse(text);
            return new Answer(method + " " + url, response.statusCode(), text, json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return wire.readTree(text);
        } catch (IOException e) {
            return null; // not JSON (an error page, say): the text is in the answer
        }
    }

    /** TLS trusting the emulator's certificate (Spring Boot's SSL bundles read the store). */
    private static SSLContext sslContext(Path trustStore) {
        return trustBundle(trustStore).createSslContext();
    }

    private static SslBundle trustBundle(Path trustStore) {
        JksSslStoreDetails store = new JksSslStoreDetails("PKCS12", null, "file:" + trustStore.toAbsolutePath(), TRUST_STORE_PASSWORD);
        return SslBundle.of(new JksSslStoreBundle(null, store));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How to start the emulator; what is not set keeps the emulator's default. */
    public static final class Options {
        private Duration deploymentDuration;
        private Duration clusterStartDuration;
        private final Map<String, String> properties = new HashMap<>();

        private Options() {
        }

        /** How long an ARM deployment (and a workspace create) takes ({@code emulator.deployment-duration}). */
        public Options deploymentDuration(Duration duration) {
            this.deploymentDuration = Objects.requireNonNull(duration);
            return this;
        }

        /** How long a cluster takes from PENDING to RUNNING ({@code emulator.cluster-start-duration}). */
        public Options clusterStartDuration(Duration duration) {
            this.clusterStartDuration = Objects.requireNonNull(duration);
            return this;
        }

        /** Any other emulator setting, e.g. {@code emulator.token-lifetime}. */
        public Options property(String key, String value) {
            properties.put(key, value);
            return this;
        }
    }

    /**
     * What the emulator answered: the status, the body as text and as JSON (an empty object when it had none, null when
     * it was not JSON).
     */
    public record Answer(String request, int status, String text, JsonNode body) {

        /**
         * The JSON body of a successful answer; for a 4xx or 5xx, or a body that is not JSON, an exception naming the
         * request, the status and the body.
         */
        public JsonNode successful() {
            if (status >= 400 || body == null) {
                throw new IllegalStateException(request + " answered " + status + ": " + text);
            }
            return body;
        }

        @Override
        public String toString() {
            return "Answer[" + request + " -> " + status + "]"; // the body may hold a token value
        }
    }

    /** A workspace admin calling the workspace API with a PAT (never printed). */
    public final class Person {
        private final ReadyWorkspace workspace;
        private final String token;

        private Person(ReadyWorkspace workspace, String token) {
            this.workspace = workspace;
            this.token = token;
        }

        /** A call to the workspace's API as this person; a 4xx or 5xx is an {@link IllegalStateException}. */
        public JsonNode call(String method, String path, Object body) {
            return send(method, "https://" + workspace.workspaceUrl() + path, Map.of("Authorization", "Bearer " + token), body)
                    .successful();
        }

        @Override
        public String toString() {
            return "Person[" + workspace.name() + "]";
        }
    }
}
