package dev.bricklayer.common.aad;

import static dev.bricklayer.common.aad.AadTestServer.TENANT_ID;
import static dev.bricklayer.common.aad.AadTestServer.jsonResponse;
import static dev.bricklayer.common.aad.AadTestServer.tokenResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.AuditSink;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import okhttp3.tls.HeldCertificate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import dev.bricklayer.common.http.AccessTokenSource;

class MsalAccessTokenSourceTest {

    static final String CLIENT_ID = "3f6e2a51-7c1d-4e0b-9a8f-0c2b7d4e5f61";
    static final String SECRET = "s3cr3t~Value.Never-Logged_42";
    static final String TRUST_PASSWORD = "trust-pass";
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    AadTestServer server;
    Path trustStore;
    javax.net.ssl.SSLContext trust;
    MsalAccessTokenSource source;

    @BeforeEach
    void startServer() {
        server = new AadTestServer();
        trustStore = server.writeTrustStore(tempDir, TRUST_PASSWORD);
        trust = AadTestServer.trusting(trustStore, TRUST_PASSWORD);
    }

    @AfterEach
    void stop() throws IOException {
        if (source != null) {
            source.close();
        }
        server.close();
    }

    @Test
    void fetchesDatabricksAndArmTokensWithClientCredentialsOverHttps() {
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust);

        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-1").verifyComplete();
        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-2").verifyComplete();

        List<AadTestServer.TokenRequest> requests = server.tokenRequests();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/" + TENANT_ID + "/oauth2/v2.0/token");
            assertThat(request.form())
                    .containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_id", CLIENT_ID)
                    .containsEntry("client_secret", SECRET)
                    .doesNotContainKey("client_assertion");
        });
        assertThat(scopes(requests.get(0))).contains(AccessTokenSource.DATABRICKS_SCOPE)
                .doesNotContain(AccessTokenSource.ARM_SCOPE);
        assertThat(scopes(requests.get(1))).contains(AccessTokenSource.ARM_SCOPE)
                .doesNotContain(AccessTokenSource.DATABRICKS_SCOPE);
        assertThat(source.principal()).isEqualTo(CLIENT_ID);
    }

    /** Keeps what the audit filter would publish; refuses started records when told to (Kafka down). */
    static final class RecordingAuditSink implements AuditSink {
        final List<Object> records = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public Mono<Void> started(ApiCallStarted record) {
            return refuse ? Mono.error(new IllegalStateException("broker unavailable")) : Mono.fromRunnable(() -> records.add(record));
        }

        @Override
        public Mono<Void> completed(ApiCallCompleted record) {
            return Mono.fromRunnable(() -> records.add(record));
        }

        <T> List<T> of(Class<T> type) {
            return records.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Test
    void everyCallToTheAuthorityIsAuditedWriteAheadWithoutSecretOrToken() {
        String issuedToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.issued-token-value.signature";
        server.onTokenRequest(n -> n == 1
                ? tokenResponse(issuedToken, 3599)
                : jsonResponse(401, AadTestServer.fixture("adapted-v2-token-error-invalid_client.json")));
        RecordingAuditSink audit = new RecordingAuditSink();
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust, Clock.systemUTC(), null, audit, "token-service");

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext(issuedToken).verifyComplete();
        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectError(AadAuthenticationException.class)
                .verify(Duration.ofSeconds(10));

        List<ApiCallStarted> started = audit.of(ApiCallStarted.class);
        List<ApiCallCompleted> completed = audit.of(ApiCallCompleted.class);
        // the OIDC discovery document, then the two token requests; each started record before its completion
        assertThat(started).extracting(ApiCallStarted::method, ApiCallStarted::pathTemplate).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/{id}/v2.0/.well-known/openid-configuration"),
                org.assertj.core.groups.Tuple.tuple("POST", "/{id}/oauth2/v2.0/token"),
                org.assertj.core.groups.Tuple.tuple("POST", "/{id}/oauth2/v2.0/token"));
        assertThat(started).allSatisfy(record -> {
            assertThat(record.api()).isEqualTo("entra");
            assertThat(record.service()).isEqualTo("token-service");
            assertThat(record.principal()).isEqualTo(CLIENT_ID);
            assertThat(record.workspace()).isNull();
            assertThat(record.host()).isEqualTo("localhost");
        });
        assertThat(started.get(1).path()).isEqualTo("/" + TENANT_ID + "/oauth2/v2.0/token");
        assertThat(completed).extracting(ApiCallCompleted::callId).containsExactlyElementsOf(started.stream().map(ApiCallStarted::callId).toList());
        assertThat(completed).extracting(ApiCallCompleted::status, ApiCallCompleted::outcome, ApiCallCompleted::errorCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple(200, "SUCCESS", null),
                org.assertj.core.groups.Tuple.tuple(200, "SUCCESS", null),
                org.assertj.core.groups.Tuple.tuple(401, "HTTP_ERROR", "invalid_client"));
        for (int i = 0; i < started.size(); i++) {
            assertThat(audit.records.indexOf(started.get(i))).isLessThan(audit.records.indexOf(completed.get(i)));
        }
        assertThat(audit.records).allSatisfy(record -> assertThat(record.toString()).doesNotContain(SECRET).doesNotContain(issuedToken));
    }

    @Test
    void aCallWhoseStartCannotBeRecordedIsNotMade() {
        RecordingAuditSink audit = new RecordingAuditSink();
        audit.refuse = true;
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust, Clock.systemUTC(), null, audit, "token-service");

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectError().verify(Duration.ofSeconds(10));

        assertThat(server.tokenRequests()).isEmpty();
        assertThat(audit.records).isEmpty();
    }

    @Test
    void secondTokenWithinLifetimeIsServedFromCacheOnNonDefaultPort() {
        assertThat(server.port()).isNotEqualTo(443);
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust);

        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-1").verifyComplete();
        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-1").verifyComplete();

        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void tokenWithLessThanTheMarginLeftOnTheClockIsRefreshed() {
        MutableClock clock = new MutableClock(Instant.now());
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust, clock, null, null, null);
        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-1").verifyComplete();

        clock.advance(Duration.ofSeconds(3599 - 40 + 1));

        // MSAL4J's own cache (system clock) still holds token-1; it must not be handed out with < 40 s left.
        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-2").verifyComplete();
        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void tokenIssuedWithLessLifetimeThanTheMarginIsNotReused() {
        // 350 s: MSAL4J would serve it from its cache (more than its 300 s early expiry), our 400 s margin not.
        server.onTokenRequest(n -> tokenResponse("token-" + n, 350));
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(400)), trust);

        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-1").verifyComplete();
        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-2").verifyComplete();

        assertThat(server.tokenRequests()).hasSize(2);
    }

    @Test
    void concurrentRequestsForOneScopeShareOneFetch() {
        source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust);
        server.closeTokenGate();

        var all = Flux.range(0, 8)
                .flatMap(i -> source.token(AccessTokenSource.DATABRICKS_SCOPE))
                .collectList()
                .toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.tokenRequests().isEmpty());
        server.openTokenGate();

        assertThat(all.join()).hasSize(8).containsOnly("token-1");
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void aadErrorBecomesTypedExceptionWithoutSecretOrTokenInMessageOrLogs() {
        String issuedToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.issued-token-value.signature";
        server.onTokenRequest(n -> n == 1
                ? tokenResponse(issuedToken, 3599)
                : jsonResponse(401, AadTestServer.fixture("adapted-v2-token-error-invalid_client.json")));
        ListAppender<ILoggingEvent> logs = captureLogs();
        try {
            source = new MsalAccessTokenSource(secretProperties(Duration.ofSeconds(40)), trust);
            StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext(issuedToken).verifyComplete();

            StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(AadAuthenticationException.class).hasNoCause();
                        AadAuthenticationException aad = (AadAuthenticationException) error;
                        assertThat(aad.errorCode()).isEqualTo("invalid_client");
                        assertThat(aad.aadstsCodes()).containsExactly("AADSTS7000215");
                        assertThat(aad.httpStatus()).hasValue(401);
                        assertThat(aad.isTransient()).isFalse();
                        assertThat(aad.getMessage()).contains("invalid_client", "AADSTS7000215", "401",
                                AccessTokenSource.DATABRICKS_SCOPE);
                        assertThat(aad.toString()).doesNotContain(SECRET).doesNotContain(issuedToken);
                    })
                    .verify(Duration.ofSeconds(10));
        } finally {
            releaseLogs(logs);
        }

        assertThat(logs.list).as("log capture works").isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> {
            String rendered = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(rendered).doesNotContain(SECRET).doesNotContain(issuedToken);
        });
    }

    @Test
    void certificateFromPkcs12SendsSignedClientAssertion() throws Exception {
        HeldCertificate clientCertificate = clientCertificate();
        Path keyStore = tempDir.resolve("client.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", clientCertificate.keyPair().getPrivate(), "key-pass".toCharArray(),
                new Certificate[] {clientCertificate.certificate()});
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            store.store(out, "key-pass".toCharArray());
        }
        source = new MsalAccessTokenSource(certificateProperties(
                new AadProperties.Certificate(keyStore, "key-pass", null, null, null)), trust);

        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-1").verifyComplete();

        assertSignedClientAssertion(server.tokenRequests(), clientCertificate);
    }

    @Test
    void certificateFromPemFilesSendsSignedClientAssertion() throws Exception {
        HeldCertificate clientCertificate = clientCertificate();
        Path key = Files.writeString(tempDir.resolve("client.key"), clientCertificate.privateKeyPkcs8Pem());
        Path chain = Files.writeString(tempDir.resolve("client.crt"), clientCertificate.certificatePem());
        source = new MsalAccessTokenSource(certificateProperties(
                new AadProperties.Certificate(null, null, key, null, chain)), trust);

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-1").verifyComplete();

        assertSignedClientAssertion(server.tokenRequests(), clientCertificate);
    }

    @Test
    void withoutTheConfiguredTrustStoreTheTlsHandshakeFails() {
        AadProperties noTrustStore = new AadProperties(URI.create(server.baseUrl()), TENANT_ID, CLIENT_ID, null, SECRET,
                null, null, null, Duration.ofSeconds(40), Duration.ofSeconds(5));
        source = new MsalAccessTokenSource(noTrustStore);

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AadAuthenticationException.class);
                    assertThat(((AadAuthenticationException) error).httpStatus()).isEmpty();
                    assertThat(error.getMessage()).contains("SSLHandshakeException");
                })
                .verify(Duration.ofSeconds(20));
        assertThat(server.tokenRequests()).isEmpty();
    }

    private AadProperties secretProperties(Duration refreshMargin) {
        return new AadProperties(URI.create(server.baseUrl()), TENANT_ID, CLIENT_ID, null, SECRET, null, null, null, refreshMargin,
                Duration.ofSeconds(5));
    }

    private AadProperties certificateProperties(AadProperties.Certificate certificate) {
        return new AadProperties(URI.create(server.baseUrl()), TENANT_ID, CLIENT_ID, null, null, certificate, null, null, null, null);
    }

    private static HeldCertificate clientCertificate() {
        return new HeldCertificate.Builder().rsa2048().commonName("bricklayer-test-client").build();
    }

    private void assertSignedClientAssertion(List<AadTestServer.TokenRequest> requests, HeldCertificate signer)
            throws Exception {
        assertThat(requests).hasSize(1);
        Map<String, String> form = requests.get(0).form();
        assertThat(form)
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("client_assertion_type", CLIENT_ASSERTION_TYPE)
                .doesNotContainKey("client_secret");
        String[] jwt = form.get("client_assertion").split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(CLIENT_ID);
        assertThat(claims.path("sub").asText()).isEqualTo(CLIENT_ID);
        assertThat(claims.path("aud").asText()).isEqualTo(server.baseUrl() + "/" + TENANT_ID + "/oauth2/v2.0/token");
        assertThat(verifies(header.path("alg").asText(), jwt, signer)).as("signed with the client key").isTrue();
    }

    private static boolean verifies(String algorithm, String[] jwt, HeldCertificate signer)
            throws GeneralSecurityException {
        Signature signature;
        if ("RS256".equals(algorithm)) {
            signature = Signature.getInstance("SHA256withRSA");
        } else if ("PS256".equals(algorithm)) {
            signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        } else {
            throw new AssertionError("Unexpected JWT algorithm " + algorithm);
        }
        signature.initVerify(signer.certificate().getPublicKey());
        signature.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(jwt[2]));
    }

    private static List<String> scopes(AadTestServer.TokenRequest request) {
        return Arrays.asList(request.form().getOrDefault("scope", "").split(" "));
    }

    static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        ((Logger) LoggerFactory.getLogger("com.microsoft.aad.msal4j")).setLevel(Level.TRACE);
        ((Logger) LoggerFactory.getLogger("dev.bricklayer")).setLevel(Level.TRACE);
        return appender;
    }

    static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        ((Logger) LoggerFactory.getLogger("com.microsoft.aad.msal4j")).setLevel(null);
        ((Logger) LoggerFactory.getLogger("dev.bricklayer")).setLevel(null);
        appender.stop();
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
