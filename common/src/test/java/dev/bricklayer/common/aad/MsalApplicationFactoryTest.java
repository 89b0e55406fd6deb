package dev.bricklayer.common.aad;

import static dev.bricklayer.common.aad.AadTestServer.TENANT_ID;
import static dev.bricklayer.common.aad.MsalAccessTokenSourceTest.CLIENT_ID;
import static dev.bricklayer.common.aad.MsalAccessTokenSourceTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.TokenSource;

import reactor.test.StepVerifier;
import dev.bricklayer.common.http.AccessTokenSource;

/**
 * The authority MSAL4J is given, and that MSAL4J's own token cache hits with it: for a local host on a
 * non-default port (OIDC authority) and for Entra ID itself (AAD authority, wire redirected to the test server).
 */
class MsalApplicationFactoryTest {

    @TempDir
    Path tempDir;

    AadTestServer server;
    ExecutorService executor;

    @BeforeEach
    void start() {
        server = new AadTestServer();
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws IOException {
        executor.shutdownNow();
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "https://login.microsoftonline.com,      AAD,  https://login.microsoftonline.com/contoso.com/",
        "https://login.microsoftonline.com/,     AAD,  https://login.microsoftonline.com/contoso.com/",
        "https://login.microsoftonline.com:443,  AAD,  https://login.microsoftonline.com/contoso.com/",
        "https://LOGIN.microsoftonline.us,       AAD,  https://LOGIN.microsoftonline.us/contoso.com/",
        "https://login.chinacloudapi.cn,         AAD,  https://login.chinacloudapi.cn/contoso.com/",
        "https://login.microsoftonline.com:8443, OIDC, https://login.microsoftonline.com:8443/contoso.com/v2.0",
        "https://localhost:8443,                 OIDC, https://localhost:8443/contoso.com/v2.0",
        "https://aad-emulator,                   OIDC, https://aad-emulator/contoso.com/v2.0",
        "https://gateway.example.com/aad,        OIDC, https://gateway.example.com/aad/contoso.com/v2.0",
    })
    void entraHostsOnTheDefaultPortGetAnAadAuthorityAllOthersAnOidcAuthority(String host, String mode,
            String authority) {
        MsalApplicationFactory factory = new MsalApplicationFactory(new AadProperties(URI.create(host),
                "contoso.com", CLIENT_ID, null, SECRET, null, null, null, null, null), null);

        assertThat(factory.authorityMode()).isEqualTo(MsalApplicationFactory.AuthorityMode.valueOf(mode));
        assertThat(factory.authority()).isEqualTo(authority);
    }

    @Test
    void msalCacheHitsWithTheOidcAuthorityOnANonDefaultPort() {
        Path trustStore = server.writeTrustStore(tempDir, "pw");
        AadProperties properties = new AadProperties(URI.create(server.baseUrl()), TENANT_ID, CLIENT_ID, null, SECRET,
                null, null, null, null, null);
        MsalApplicationFactory factory = new MsalApplicationFactory(properties, AadTestServer.trusting(trustStore, "pw"));
        ConfidentialClientApplication app = factory.build(executor, factory.httpClient());

        IAuthenticationResult first = app.acquireToken(parameters()).join();
        IAuthenticationResult second = app.acquireToken(parameters()).join();

        assertThat(first.metadata().tokenSource()).isEqualTo(TokenSource.IDENTITY_PROVIDER);
        // MSAL4J 1.26 leaves the source of cached client-credential tokens unset
        assertThat(second.metadata().tokenSource()).isNotEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(second.accessToken()).isEqualTo(first.accessToken());
        assertThat(server.tokenRequests()).hasSize(1);
    }

    @Test
    void msalCacheHitsWithTheAadAuthorityOfEntraId() {
        RedirectingHttpClient wire = new RedirectingHttpClient(server);
        AadProperties properties = new AadProperties(null, TENANT_ID, CLIENT_ID, null, SECRET, null, null, null, null, null);
        ConfidentialClientApplication app = new MsalApplicationFactory(properties, null).build(executor, wire);

        IAuthenticationResult first = app.acquireToken(parameters()).join();
        IAuthenticationResult second = app.acquireToken(parameters()).join();

        assertThat(first.metadata().tokenSource()).isEqualTo(TokenSource.IDENTITY_PROVIDER);
        // MSAL4J 1.26 leaves the source of cached client-credential tokens unset
        assertThat(second.metadata().tokenSource()).isNotEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(wire.requestedUrls())
                .containsOnlyOnce("https://login.microsoftonline.com/" + TENANT_ID + "/oauth2/v2.0/token")
                .noneMatch(url -> url.contains(".well-known/openid-configuration"));
        assertThat(server.tokenRequests()).hasSize(1);
        assertThat(server.tokenRequests().get(0).form()).containsEntry("client_secret", SECRET);
    }

    @Test
    void providerConfiguredForEntraIdCachesTokens() {
        RedirectingHttpClient wire = new RedirectingHttpClient(server);
        AadProperties properties = new AadProperties(null, TENANT_ID, CLIENT_ID, null, SECRET, null, null, null,
                Duration.ofSeconds(40), null);
        try (MsalAccessTokenSource source = new MsalAccessTokenSource(properties, Clock.systemUTC(), wire)) {
            StepVerifier.create(source.token(AccessTokenSource.SERVICE_MANAGEMENT_SCOPE))
                    .expectNext("token-1").verifyComplete();
            StepVerifier.create(source.token(AccessTokenSource.SERVICE_MANAGEMENT_SCOPE))
                    .expectNext("token-1").verifyComplete();
        }
        assertThat(server.tokenRequests()).hasSize(1);
        assertThat(server.tokenRequests().get(0).form().get("scope").split(" "))
                .contains(AccessTokenSource.SERVICE_MANAGEMENT_SCOPE);
    }

    private static ClientCredentialParameters parameters() {
        return ClientCredentialParameters.builder(Set.of(AccessTokenSource.DATABRICKS_SCOPE)).build();
    }
}
