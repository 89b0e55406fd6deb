package dev.bricklayer.emulator.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.core.HttpsClient;
import dev.bricklayer.emulator.journal.Journal;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;

/**
 * One emulator (its own trust store) with a tenant for workload identities: {@code identity-service} signs in with a
 * federated credential only (configured: one on an AKS issuer the emulator does not host; tests add one on the
 * emulator's own issuer through the admin API), {@code host-identity} is the system-assigned managed identity (the
 * first configured), {@code token-service-identity} a user-assigned one with app roles, and {@code no-federation-app}
 * has a secret and no federated credential.
 */
@SpringBootTest(properties = {"spring.main.web-application-type=none", "spring.application.name=emulator",
        "spring.jackson.default-property-inclusion=non_null", "emulator.port=0", "emulator.admin-port=0",
        "emulator.trust-store-path=target/test-workload-identity-truststore.p12",
        "emulator.managed-identity-header=" + WorkloadIdentityTestBase.IDENTITY_HEADER,
        "emulator.tenants[0].id=" + WorkloadIdentityTestBase.TENANT,
        "emulator.tenants[0].domain=workload.example",
        "emulator.tenants[0].service-principals[0].client-id=" + WorkloadIdentityTestBase.WORKLOAD_APP,
        "emulator.tenants[0].service-principals[0].object-id=0a1b2c3d-0000-4000-8000-0000000000f1",
        "emulator.tenants[0].service-principals[0].display-name=identity-service",
        "emulator.tenants[0].service-principals[0].app-roles[0]=People.Read",
        "emulator.tenants[0].service-principals[0].federated-credentials[0].name=aks-westeurope",
        "emulator.tenants[0].service-principals[0].federated-credentials[0].issuer=" + WorkloadIdentityTestBase.AKS_ISSUER,
        "emulator.tenants[0].service-principals[0].federated-credentials[0].subject=" + WorkloadIdentityTestBase.SUBJECT,
        "emulator.tenants[0].service-principals[1].client-id=" + WorkloadIdentityTestBase.SYSTEM_IDENTITY,
        "emulator.tenants[0].service-principals[1].object-id=0a1b2c3d-0000-4000-8000-0000000000f2",
        "emulator.tenants[0].service-principals[1].display-name=host-identity",
        "emulator.tenants[0].service-principals[1].managed-identity=true",
        "emulator.tenants[0].service-principals[2].client-id=" + WorkloadIdentityTestBase.USER_IDENTITY,
        "emulator.tenants[0].service-principals[2].object-id=" + WorkloadIdentityTestBase.USER_IDENTITY_OBJECT,
        "emulator.tenants[0].service-principals[2].display-name=token-service-identity",
        "emulator.tenants[0].service-principals[2].managed-identity=true",
        "emulator.tenants[0].service-principals[2].app-roles[0]=Tokens.Operate",
        "emulator.tenants[0].service-principals[3].client-id=" + WorkloadIdentityTestBase.PLAIN_APP,
        "emulator.tenants[0].service-principals[3].object-id=0a1b2c3d-0000-4000-8000-0000000000f4",
        "emulator.tenants[0].service-principals[3].display-name=no-federation-app",
        "emulator.tenants[0].service-principals[3].secret=local-emulator-secret-plain"})
abstract class WorkloadIdentityTestBase {

    static final String TENANT = "3c5e2b1a-0000-4000-8000-00000000f1c0";
    static final String WORKLOAD_APP = "6f1f4e8e-3a0c-4c39-9d5e-0000000000f1";
    static final String SYSTEM_IDENTITY = "6f1f4e8e-3a0c-4c39-9d5e-0000000000f2";
    static final String USER_IDENTITY = "6f1f4e8e-3a0c-4c39-9d5e-0000000000f3";
    static final String USER_IDENTITY_OBJECT = "0a1b2c3d-0000-4000-8000-0000000000f3";
    static final String PLAIN_APP = "6f1f4e8e-3a0c-4c39-9d5e-0000000000f4";
    static final String AKS_ISSUER = "https://westeurope.oic.prod-aks.azure.com/3c5e2b1a-0000-4000-8000-00000000f1c0/"
            + "9d2f4c1e-0000-4000-8000-00000000a45e/";
    static final String SUBJECT = "system:serviceaccount:bricklayer:identity-service";
    static final String IDENTITY_HEADER = "test-identity-header";
    static final String ISSUER_NAME = "local-cluster";

    @Autowired
    protected EmulatorServers servers;
    @Autowired
    protected EmulatorTls tls;
    @Autowired
    protected TokenIssuer issuer;
    @Autowired
    protected Journal journal;

    protected final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient plain = HttpClient.newHttpClient();
    protected HttpsClient http;

    @BeforeEach
    void clients() throws Exception {
        http = new HttpsClient(tls.trustStorePath(), "changeit");
    }

    protected SSLContext sslContext() throws Exception {
        return HttpsClient.sslContext(tls.trustStorePath(), "changeit");
    }

    /** The emulator's issuer {@code name} ({@code {main base URL}/oidc/{name}}). */
    protected String issuerUrl(String name) {
        return servers.mainBaseUrl() + "/oidc/" + name;
    }

    /** A call of the admin API (plain HTTP). */
    protected HttpResponse<String> admin(String method, String path, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(servers.adminBaseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                .header("Content-Type", "application/json").build();
        return plain.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Gives the workload app a federated credential on the emulator's issuer {@code local-cluster}. */
    protected void trustLocalCluster() throws Exception {
        HttpResponse<String> added = admin("POST", "/admin/directory/apps/" + WORKLOAD_APP + "/federated-credentials",
                Map.of("name", "local-cluster", "issuer", issuerUrl(ISSUER_NAME), "subject", SUBJECT));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }

    /** A service-account token minted by the admin API; {@code extra} adds or overrides body fields. */
    protected JsonNode mint(String issuerName, String serviceAccount, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("namespace", "bricklayer", "serviceAccount", serviceAccount));
        body.putAll(extra);
        HttpResponse<String> minted = admin("POST", "/admin/oidc/" + issuerName + "/tokens", body);
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return mapper.readTree(minted.body());
    }

    /** A v2 client-credentials request of the workload app presenting {@code assertion}. */
    protected HttpResponse<String> tokenWithAssertion(String clientId, String assertion) throws Exception {
        Map<String, String> form = Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion, "scope", TokenIssuer.DATABRICKS_RESOURCE + "/.default");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send("POST", servers.mainBaseUrl() + "/" + TENANT + "/oauth2/v2.0/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    protected JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return mapper.readTree(response.body());
    }

    protected static JsonNode fixture(String name) throws IOException {
        try (InputStream in = WorkloadIdentityTestBase.class.getResourceAsStream("/fixtures/aad/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new ObjectMapper().readTree(in);
        }
    }
}
