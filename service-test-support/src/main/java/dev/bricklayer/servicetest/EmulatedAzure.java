package dev.bricklayer.servicetest;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.emulator.EmulatorApplication;
import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;

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
    /** The Azure Databricks account of the emulator's tenant (the platform's app is its account admin). */
    public static final String ACCOUNT = "a1b2c3d4-0000-4000-8000-00000000acc0";

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

    private final ConfigurableApplicationContext emulator;
    private final String baseUrl;
    private final String adminUrl;
    private final String trustStore;
    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    private final EmulatorWire wire;
    private final ServiceClients clients;

    private EmulatedAzure(EmulatorOptions options) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("emulator.port", "0");
        properties.put("emulator.admin-port", "0");
        properties.put("emulator.trust-store-path",
                "target/emulator-" + ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet() + ".p12");
        properties.put("spring.autoconfigure.exclude", String.join(",", NOT_FOR_THE_EMULATOR));
        if (options.deploymentDuration() != null) {
            properties.put("emulator.deployment-duration", options.deploymentDuration().toMillis() + "ms");
        }
        if (options.clusterStartDuration() != null) {
            properties.put("emulator.cluster-start-duration", options.clusterStartDuration().toMillis() + "ms");
        }
        properties.putAll(options.properties());
        emulator = EmulatorApplication.builder().properties(properties).run();
        baseUrl = emulator.getBean(EmulatorServers.class).mainBaseUrl();
        adminUrl = emulator.getBean(EmulatorServers.class).adminBaseUrl();
        trustStore = emulator.getBean(EmulatorTls.class).trustStorePath().toString();
        SslBundle trust = EmulatorWire.trustBundle(Path.of(trustStore), TRUST_STORE_PASSWORD);
        wire = new EmulatorWire(trust);
        clients = new ServiceClients(platformSettings(), trust, mapper);
    }

    /** The emulator with its defaults (a deployment takes 3 s, a cluster 2 s to start). */
    public static EmulatedAzure start() {
        return start(options());
    }

    public static EmulatedAzure start(EmulatorOptions options) {
        return new EmulatedAzure(options);
    }

    /** Options for {@link #start(EmulatorOptions)}: what is not set keeps the emulator's default. */
    public static EmulatorOptions options() {
        return new EmulatorOptions();
    }

    /** Entra ID and ARM (HTTPS): the authority host and ARM base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The Azure Databricks account host (HTTPS), standing for {@code https://accounts.azuredatabricks.net}. */
    public String accountUrl() {
        return emulator.getBean(EmulatorServers.class).accountBaseUrl();
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

    /**
     * {@code bricklayer.aad.*}, {@code bricklayer.http.arm-base-url}, {@code account-base-url} and {@code account-id}: the
     * platform's app calling Entra ID, ARM and the account host here.
     */
    public Map<String, String> platformSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bricklayer.aad.authority-host", baseUrl);
        settings.put("bricklayer.aad.tenant-id", TENANT);
        settings.put("bricklayer.aad.client-id", CLIENT_ID);
        settings.put("bricklayer.aad.client-secret", CLIENT_SECRET);
        settings.put("bricklayer.http.arm-base-url", baseUrl);
        settings.put("bricklayer.http.account-base-url", accountUrl());
        settings.put("bricklayer.http.account-id", ACCOUNT);
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
        return clients.apiClients(service, httpSettings);
    }

    /**
     * A workspace deployed through ARM as workspace-service would (the resource group, then the workspace, as the
     * platform's app), once ARM reports it succeeded with its URL.
     */
    public ReadyWorkspace deployWorkspace(String name) {
        return new ArmDeployer(baseUrl, wire, bean(TokenIssuer.class)).deploy(name);
    }

    /** A person: a (new) human workspace admin with a PAT, who changes things through the workspace's own API. */
    public Person person(ReadyWorkspace workspace, String userName) {
        JsonNode token = admin("POST", "/admin/workspaces/" + workspace.name() + "/people-tokens", Map.of("userName", userName))
                .successful();
        return new Person(workspace, token.get("token_value").asText());
    }

    /** A request to the emulator's admin API ({@code /admin/...}, see the emulator's README); any status is answered. */
    public EmulatorAnswer admin(String method, String path, Object body) {
        return send(method, adminUrl + path, Map.of(), body);
    }

    /** A bearer token ({@code "Bearer …"}) for the Bricklayer API, for client app {@code clientId} with {@code roles}. */
    public String bearer(String clientId, List<String> roles) {
        return "Bearer " + bean(TokenIssuer.class).issue(TENANT, clientId, "oid-" + clientId, API, roles).value();
    }

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
        clients.close();
        emulator.close();
    }


    private EmulatorAnswer send(String method, String url, Map<String, String> headers, Object body) {
        return wire.send(method, url, headers, body);
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
