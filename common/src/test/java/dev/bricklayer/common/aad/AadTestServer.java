package dev.bricklayer.common.aad;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An HTTPS stand-in for Entra ID on a random (non-default) port of {@code localhost}, serving the recorded wire
 * shapes from {@code fixtures/aad/}: the v2 OpenID configuration (pointing at this server) and client-credentials
 * token responses. Token requests are recorded with their decoded form fields. It also stands in for a managed
 * identity endpoint, App Service style ({@code GET /msi/token}) and IMDS style
 * ({@code GET /metadata/identity/oauth2/token}), recording each request's query and identity headers.
 */
final class AadTestServer implements AutoCloseable {

    static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String RECORDED_TENANT_BASE =
            "https://login.microsoftonline.com/88888888-8888-8888-8888-888888888888";
    private static final ObjectMapper JSON = new ObjectMapper();

    final HeldCertificate certificateAuthority;
    private final MockWebServer server = new MockWebServer();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile BiFunction<Integer, TokenRequest, MockResponse> tokenResponder =
            (n, request) -> tokenResponse("token-" + n, 3599);
    private final List<ManagedIdentityRequest> managedIdentityRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger managedIdentityIssued = new AtomicInteger();
    private volatile CountDownLatch tokenGate = new CountDownLatch(0);

    /** A decoded token request: path, headers of interest and the form fields. */
    record TokenRequest(String path, Map<String, String> form) {
    }

    /** A managed identity token request: path, query and the identity headers MSAL4J sent. */
    record ManagedIdentityRequest(String path, Map<String, String> query, String identityHeader, String metadata) {
    }

    AadTestServer() {
        certificateAuthority = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("Bricklayer test CA")
                .build();
        HeldCertificate serverCertificate = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .signedBy(certificateAuthority)
                .build();
        HandshakeCertificates tls = new HandshakeCertificates.Builder()
                .heldCertificate(serverCertificate, certificateAuthority.certificate())
                .build();
        server.useHttps(tls.sslSocketFactory(), false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return echoCorrelationId(request, AadTestServer.this.dispatch(request));
            }
        });
        try {
            server.start(InetAddress.getByName("localhost"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code https://localhost:41234}. */
    String baseUrl() {
        return "https://localhost:" + server.getPort();
    }

    int port() {
        return server.getPort();
    }

    /** Answers the n-th token request (1-based) with the given response. */
    void onTokenRequest(Function<Integer, MockResponse> responder) {
        this.tokenResponder = (n, request) -> responder.apply(n);
    }

    /** Answers the n-th token request (1-based) as {@code judge} decides from the request's form. */
    void judgeTokenRequests(BiFunction<Integer, TokenRequest, MockResponse> judge) {
        this.tokenResponder = judge;
    }

    List<ManagedIdentityRequest> managedIdentityRequests() {
        return List.copyOf(managedIdentityRequests);
    }

    /** Token responses are held back until {@link #openTokenGate()} is called. */
    void closeTokenGate() {
        this.tokenGate = new CountDownLatch(1);
    }

    void openTokenGate() {
        tokenGate.countDown();
    }

    List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Writes a PKCS#12 trust store holding this server's CA. */
    Path writeTrustStore(Path directory, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("bricklayer-test-ca", certificateAuthority.certificate());
            Path file = directory.resolve("aad-truststore.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TLS context of an SSL bundle whose trust store is {@code trustStore} (as {@code bricklayer.tls.bundle} gives). */
    static javax.net.ssl.SSLContext trusting(Path trustStore, String password) {
        org.springframework.boot.ssl.jks.JksSslStoreDetails details = new org.springframework.boot.ssl.jks.JksSslStoreDetails(
                "PKCS12", null, "file:" + trustStore.toAbsolutePath(), password);
        return org.springframework.boot.ssl.SslBundle.of(new org.springframework.boot.ssl.jks.JksSslStoreBundle(null, details))
                .createSslContext();
    }

    /** A successful v2 token response in the recorded wire shape, with our token and lifetime. */
    static MockResponse tokenResponse(String accessToken, long expiresInSeconds) {
        ObjectNode body = (ObjectNode) readJson("recorded-v2-token-client-credentials-response.json");
        body.put("access_token", accessToken);
        body.put("expires_in", expiresInSeconds);
        body.put("ext_expires_in", expiresInSeconds);
        return jsonResponse(200, body.toString());
    }

    /**
     * A managed identity token in the shape App Service (API 2019-08-01) and IMDS answer: {@code expires_on} in epoch
     * seconds, as a string.
     */
    static MockResponse managedIdentityTokenResponse(String accessToken, String resource, String clientId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", accessToken);
        body.put("expires_on", String.valueOf(java.time.Instant.now().plusSeconds(3599).getEpochSecond()));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        body.put("client_id", clientId == null ? "5a9c8b1e-0d2f-4c3a-9e7b-6f1d2c3b4a5e" : clientId);
        return jsonResponse(200, body.toString());
    }

    static MockResponse jsonResponse(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("Cache-Control", "no-store, no-cache")
                .setBody(body);
    }

    static String fixture(String name) {
        try (InputStream in = AadTestServer.class.getResourceAsStream("/fixtures/aad/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String name) {
        try {
            return JSON.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        String path = URI.create(request.getPath()).getPath();
        if ("GET".equals(request.getMethod())
                && path.equals("/" + TENANT_ID + "/v2.0/.well-known/openid-configuration")) {
            String body = fixture("recorded-v2-openid-configuration.json")
                    .replace(RECORDED_TENANT_BASE, baseUrl() + "/" + TENANT_ID);
            return jsonResponse(200, body);
        }
        if ("GET".equals(request.getMethod()) && path.equals("/common/discovery/instance")) {
            return jsonResponse(200, fixture("recorded-common-discovery-instance.json"));
        }
        if ("POST".equals(request.getMethod()) && path.equals("/" + TENANT_ID + "/oauth2/v2.0/token")) {
            TokenRequest tokenRequest = new TokenRequest(path, decodeForm(request.getBody().readUtf8()));
            tokenRequests.add(tokenRequest);
            if (!tokenGate.await(10, TimeUnit.SECONDS)) {
                return jsonResponse(500, "{\"error\":\"test_gate_timeout\",\"error_description\":\"gate\"}");
            }
            return tokenResponder.apply(issued.incrementAndGet(), tokenRequest);
        }
        if ("GET".equals(request.getMethod())
                && (path.equals("/msi/token") || path.equals("/metadata/identity/oauth2/token"))) {
            Map<String, String> query = decodeForm(URI.create(request.getPath()).getRawQuery());
            managedIdentityRequests.add(new ManagedIdentityRequest(path, query, request.getHeader("X-IDENTITY-HEADER"),
                    request.getHeader("Metadata")));
            return managedIdentityTokenResponse("mi-token-" + managedIdentityIssued.incrementAndGet(),
                    query.get("resource"), query.get("client_id"));
        }
        return jsonResponse(404, "{\"error\":\"not_found\",\"error_description\":\"no route " + path + "\"}");
    }

    /** Entra ID echoes MSAL4J's {@code client-request-id}; MSAL4J logs each mismatch at INFO otherwise. */
    private static MockResponse echoCorrelationId(RecordedRequest request, MockResponse response) {
        String correlationId = request.getHeader("client-request-id");
        return correlationId == null ? response : response.setHeader("client-request-id", correlationId);
    }

    static Map<String, String> decodeForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    @Override
    public void close() throws IOException {
        openTokenGate();
        server.shutdown();
    }
}
