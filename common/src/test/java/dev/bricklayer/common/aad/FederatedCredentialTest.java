package dev.bricklayer.common.aad;

import static dev.bricklayer.common.aad.AadTestServer.TENANT_ID;
import static dev.bricklayer.common.aad.AadTestServer.jsonResponse;
import static dev.bricklayer.common.aad.AadTestServer.tokenResponse;
import static dev.bricklayer.common.aad.MsalAccessTokenSourceTest.CLIENT_ASSERTION_TYPE;
import static dev.bricklayer.common.aad.MsalAccessTokenSourceTest.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.bricklayer.common.aad.AadProperties.Credential;
import dev.bricklayer.common.aad.MsalAccessTokenSourceTest.MutableClock;
import dev.bricklayer.common.aad.MsalAccessTokenSourceTest.RecordingAuditSink;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.AccessTokenSource;
import okhttp3.mockwebserver.MockResponse;
import reactor.test.StepVerifier;

/**
 * The federated credential (Azure Workload Identity) against the stand-in Entra ID, which judges each assertion as
 * Entra ID does a federated identity credential: issuer, subject, audience and time range.
 */
class FederatedCredentialTest {

    static final String ISSUER = "https://oidc.prod-aks.azure.com/2f1d3c4b-5a6e-4f70-8192-a3b4c5d6e7f8/";
    static final String SUBJECT = "system:serviceaccount:bricklayer:token-service";
    static final String AUDIENCE = "api://AzureADTokenExchange";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    AadTestServer server;
    javax.net.ssl.SSLContext trust;
    Path tokenFile;
    MsalAccessTokenSource source;

    @BeforeEach
    void start() {
        server = new AadTestServer();
        trust = AadTestServer.trusting(server.writeTrustStore(tempDir, "pw"), "pw");
        tokenFile = tempDir.resolve("azure-identity-token");
        server.judgeTokenRequests(FederatedCredentialTest::judge);
    }

    @AfterEach
    void stop() throws IOException {
        if (source != null) {
            source.close();
        }
        server.close();
    }

    @Test
    void eachTokenRequestSendsTheTokenFileAsItIsThenWithoutASecret() throws IOException {
        String first = assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600));
        String rotated = assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(7200));
        Files.writeString(tokenFile, first + "\n");
        MutableClock clock = new MutableClock(Instant.now());
        source = new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust, clock, null, null, null);

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-1").verifyComplete();
        Files.writeString(tokenFile, rotated);   // the kubelet rotates the projected token
        // token-1 is due for refresh on our clock; MSAL4J's cache (system clock) still holds it and is skipped
        clock.advance(Duration.ofSeconds(3599 - 40 + 1));
        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-2").verifyComplete();

        List<AadTestServer.TokenRequest> requests = server.tokenRequests();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(request -> assertThat(request.form())
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("client_assertion_type", CLIENT_ASSERTION_TYPE)
                .doesNotContainKey("client_secret"));
        assertThat(requests.get(0).form()).containsEntry("client_assertion", first);
        assertThat(requests.get(1).form()).containsEntry("client_assertion", rotated);
    }

    @Test
    void aTokenIssuedWithLessThanTheMarginIsFetchedAgainWithTheRotatedAssertion() throws IOException {
        // 350 s: MSAL4J would serve it from its cache (more than its 300 s early expiry), our 400 s margin not.
        server.onTokenRequest(n -> tokenResponse("token-" + n, 350));
        Files.writeString(tokenFile, assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(600)));
        source = new MsalAccessTokenSource(federated(Duration.ofSeconds(400)), trust);

        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-1").verifyComplete();
        String rotated = assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(900));
        Files.writeString(tokenFile, rotated);
        StepVerifier.create(source.token(AccessTokenSource.DATABRICKS_SCOPE)).expectNext("token-2").verifyComplete();

        assertThat(server.tokenRequests()).hasSize(2);
        assertThat(server.tokenRequests().get(1).form()).containsEntry("client_assertion", rotated);
    }

    @Test
    void aTokenWithinItsLifetimeComesFromTheCacheWithoutReadingTheFile() throws IOException {
        Files.writeString(tokenFile, assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(600)));
        source = new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust);
        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-1").verifyComplete();

        Files.delete(tokenFile);

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext("token-1").verifyComplete();
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "wrong issuer,       https://token.actions.githubusercontent.com, system:serviceaccount:bricklayer:token-service, api://AzureADTokenExchange, -60,   3600, AADSTS700211",
        "wrong subject,      " + ISSUER + ", system:serviceaccount:default:default,        api://AzureADTokenExchange, -60,   3600, AADSTS700213",
        "wrong audience,     " + ISSUER + ", system:serviceaccount:bricklayer:token-service, https://kubernetes.default.svc, -60, 3600, AADSTS700212",
        "expired,            " + ISSUER + ", system:serviceaccount:bricklayer:token-service, api://AzureADTokenExchange, -7200, -3600, AADSTS700024",
        "not yet valid,      " + ISSUER + ", system:serviceaccount:bricklayer:token-service, api://AzureADTokenExchange, 3600,  7200, AADSTS700024",
    })
    void aRefusedAssertionBecomesATypedErrorWithItsAadstsCodeAndNothingOfTheAssertion(String wrong, String issuer,
            String subject, String audience, long notBeforeSeconds, long expiresSeconds, String code) throws IOException {
        String refused = assertion(issuer, subject, audience, Instant.now().plusSeconds(notBeforeSeconds),
                Instant.now().plusSeconds(expiresSeconds));
        Files.writeString(tokenFile, refused);
        RecordingAuditSink audit = new RecordingAuditSink();
        source = new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust, Clock.systemUTC(), null, audit,
                "token-service");

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AadAuthenticationException.class);
                    AadAuthenticationException aad = (AadAuthenticationException) error;
                    assertThat(aad.aadstsCodes()).as(wrong).containsExactly(code);
                    assertThat(aad.errorCode()).isEqualTo("invalid_client");
                    assertThat(aad.httpStatus()).hasValue(401);
                    assertThat(aad.isTransient()).isFalse();
                    assertThat(aad.getMessage()).contains(code).doesNotContain(refused);
                })
                .verify(Duration.ofSeconds(10));
        assertThat(server.tokenRequests()).singleElement()
                .satisfies(request -> assertThat(request.form()).containsEntry("client_assertion", refused));
        assertThat(audit.of(ApiCallCompleted.class)).last()
                .satisfies(completed -> assertThat(completed.errorCode()).isEqualTo("invalid_client"));
        assertThat(audit.records).allSatisfy(record -> assertThat(record.toString()).doesNotContain(refused));
    }

    @Test
    void aMissingTokenFileFailsTheRequestNamingTheSettingAndSendsNothing() throws IOException {
        Files.writeString(tokenFile, assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(600)));
        source = new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust);
        Files.delete(tokenFile);

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AadAuthenticationException.class);
                    AadAuthenticationException aad = (AadAuthenticationException) error;
                    assertThat(aad.errorCode()).isEqualTo("federated_token_unavailable");
                    assertThat(aad.httpStatus()).isEmpty();
                    assertThat(aad.getMessage()).contains("bricklayer.aad.federated-token-file",
                            tokenFile.getFileName().toString(), "cannot be read (NoSuchFileException)");
                })
                .verify(Duration.ofSeconds(10));
        assertThat(server.tokenRequests()).isEmpty();
    }

    @Test
    void anEmptyTokenFileFailsTheRequestWithoutSending() throws IOException {
        Files.writeString(tokenFile, assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(600)));
        source = new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust);
        Files.writeString(tokenFile, "  \n");

        StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(AadAuthenticationException.class)
                        .hasMessageContaining("bricklayer.aad.federated-token-file")
                        .hasMessageContaining("is empty"))
                .verify(Duration.ofSeconds(10));
        assertThat(server.tokenRequests()).isEmpty();
    }

    @Test
    void aTokenFileThatCannotBeReadAtStartupIsAClearStartupError() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust))
                .withMessageContaining("Cannot read the federated token of bricklayer.aad.federated-token-file")
                .withMessageContaining("NoSuchFileException");
    }

    @Test
    void auditRecordsAndLogsHoldNeitherTheAssertionNorTheToken() throws IOException {
        String issuedToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.federated-issued-token.signature";
        String good = assertion(ISSUER, SUBJECT, AUDIENCE, Instant.now(), Instant.now().plusSeconds(600));
        Files.writeString(tokenFile, good);
        server.judgeTokenRequests((n, request) -> tokenResponse(issuedToken, 3599));
        RecordingAuditSink audit = new RecordingAuditSink();
        ListAppender<ILoggingEvent> logs = MsalAccessTokenSourceTest.captureLogs();
        try {
            source = new MsalAccessTokenSource(federated(Duration.ofSeconds(40)), trust, Clock.systemUTC(), null, audit,
                    "token-service");
            StepVerifier.create(source.token(AccessTokenSource.ARM_SCOPE)).expectNext(issuedToken).verifyComplete();
        } finally {
            MsalAccessTokenSourceTest.releaseLogs(logs);
        }

        List<ApiCallStarted> started = audit.of(ApiCallStarted.class);
        assertThat(started).extracting(ApiCallStarted::method, ApiCallStarted::pathTemplate).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/{id}/v2.0/.well-known/openid-configuration"),
                org.assertj.core.groups.Tuple.tuple("POST", "/{id}/oauth2/v2.0/token"));
        assertThat(started).allSatisfy(record -> {
            assertThat(record.api()).isEqualTo("entra");
            assertThat(record.principal()).isEqualTo(CLIENT_ID);
        });
        assertThat(audit.of(ApiCallCompleted.class)).extracting(ApiCallCompleted::status).containsExactly(200, 200);
        assertThat(audit.records).allSatisfy(record -> assertThat(record.toString())
                .doesNotContain(good).doesNotContain(issuedToken));
        assertThat(logs.list).as("log capture works").isNotEmpty();
        assertThat(logs.list).allSatisfy(event -> {
            String rendered = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(rendered).doesNotContain(good).doesNotContain(issuedToken);
        });
    }

    private AadProperties federated(Duration refreshMargin) {
        return new AadProperties(URI.create(server.baseUrl()), TENANT_ID, CLIENT_ID, Credential.FEDERATED, null, null,
                tokenFile, null, refreshMargin, Duration.ofSeconds(5));
    }

    /** A service account token's shape; the stand-in reads its claims and does not check the signature. */
    static String assertion(String issuer, String subject, String audience, Instant notBefore, Instant expires) {
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", issuer).put("sub", subject).put("nbf", notBefore.getEpochSecond())
                .put("iat", notBefore.getEpochSecond()).put("exp", expires.getEpochSecond());
        claims.putArray("aud").add(audience);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(("signature-of-" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Entra ID's judgement of a federated assertion against the one federated identity credential of the app
     * ({@link #ISSUER}, {@link #SUBJECT}, {@link #AUDIENCE}), in the error envelope of
     * {@code adapted-v2-token-error-invalid_client.json}.
     */
    static MockResponse judge(int n, AadTestServer.TokenRequest request) {
        JsonNode claims;
        try {
            claims = JSON.readTree(Base64.getUrlDecoder().decode(request.form().get("client_assertion").split("\\.")[1]));
        } catch (IOException | RuntimeException e) {
            return refusal("AADSTS50027", "JWT token is invalid or malformed.");
        }
        long now = Instant.now().getEpochSecond();
        if (!ISSUER.equals(claims.path("iss").asText())) {
            return refusal("AADSTS700211", "No matching federated identity record found for presented assertion issuer.");
        }
        if (!SUBJECT.equals(claims.path("sub").asText())) {
            return refusal("AADSTS700213", "No matching federated identity record found for presented assertion subject.");
        }
        if (!claims.path("aud").toString().contains("\"" + AUDIENCE + "\"")) {
            return refusal("AADSTS700212", "No matching federated identity record found for presented assertion audience.");
        }
        if (claims.path("exp").asLong() <= now || claims.path("nbf").asLong() > now + 60) {
            return refusal("AADSTS700024", "Client assertion is not within its valid time range.");
        }
        return tokenResponse("token-" + n, 3599);
    }

    private static MockResponse refusal(String code, String description) {
        ObjectNode body = JSON.createObjectNode()
                .put("error", "invalid_client")
                .put("error_description", code + ": " + description + "\r\nTrace ID: 255d1aef-8c98-452f-ac51-23d051240864");
        body.putArray("error_codes").add(Integer.parseInt(code.substring("AADSTS".length())));
        return jsonResponse(401, body.toString());
    }
}
