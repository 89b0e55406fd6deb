package dev.bricklayer.emulator.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.TokenSource;

import dev.bricklayer.emulator.core.HttpsClient;
import dev.bricklayer.emulator.core.WorkspaceApiTestBase;
import dev.bricklayer.emulator.journal.Journal;

class AadApiTest extends WorkspaceApiTestBase {

    static final String CLIENT = PLATFORM_CLIENT;
    static final String SECRET = "local-emulator-secret-change-me";

    @Autowired
    Journal journal;

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send("POST", servers.mainBaseUrl() + path, Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    private SSLContext sslContext() throws Exception {
        return HttpsClient.sslContext(tls.trustStorePath(), "changeit");
    }

    @Test
    void msal4jGetsATokenOverHttpsAndItsCacheHitsTheSecondTime() throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication
                .builder(CLIENT, ClientCredentialFactory.createFromSecret(SECRET))
                .oidcAuthority(servers.mainBaseUrl() + "/" + TENANT + "/v2.0")
                .instanceDiscovery(false)
                .sslSocketFactory(sslContext().getSocketFactory())
                .build();
        ClientCredentialParameters parameters = ClientCredentialParameters
                .builder(Set.of("2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default")).build();
        long before = journal.count(e -> e.path().endsWith("/oauth2/v2.0/token"));

        IAuthenticationResult first = app.acquireToken(parameters).get();
        IAuthenticationResult second = app.acquireToken(parameters).get();

        TokenIssuer.Verified claims = issuer.verify(first.accessToken(), TokenIssuer.DATABRICKS_RESOURCE);
        assertThat(claims.appId()).isEqualTo(CLIENT);
        assertThat(claims.tenantId()).isEqualTo(TENANT);
        assertThat(second.accessToken()).isEqualTo(first.accessToken());
        assertThat(second.metadata().tokenSource()).isNotEqualTo(TokenSource.IDENTITY_PROVIDER);
        assertThat(journal.count(e -> e.path().endsWith("/oauth2/v2.0/token")) - before).isEqualTo(1);
    }

    @Test
    void theV1EndpointAnswersWithNumbersAsStringsAsTheDatabricksSdksExpect() throws Exception {
        HttpResponse<String> response = post("/" + TENANT + "/oauth2/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "resource", "https://management.core.windows.net/"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").isTextual()).isTrue();
        assertThat(body.get("expires_in").asText()).isEqualTo("599");
        assertThat(body.get("expires_on").isTextual()).isTrue();
        assertThat(body.get("resource").asText()).isEqualTo("https://management.core.windows.net/");
        assertThat(issuer.verify(body.get("access_token").asText(), TokenIssuer.SERVICE_MANAGEMENT_RESOURCE).appId()).isEqualTo(CLIENT);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store, no-cache");
    }

    @Test
    void theV2EndpointIgnoresOidcScopesAndAnswersNumbers() throws Exception {
        HttpResponse<String> response = post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "client_info", "1",
                "scope", "openid https://management.azure.com/.default offline_access profile"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("expires_in").isNumber()).isTrue();
        assertThat(body.get("ext_expires_in").asInt()).isEqualTo(599);
        assertThat(issuer.verify(body.get("access_token").asText(), TokenIssuer.ARM_RESOURCE).appId()).isEqualTo(CLIENT);
    }

    @Test
    void errorsCarryTheAadstsCodesOfEntraId() throws Exception {
        JsonNode badSecret = error(post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", "wrong", "scope", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default")), 401);
        JsonNode unknownClient = error(post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", "00000000-0000-0000-0000-000000000000", "client_secret", "x", "scope", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default")), 400);
        JsonNode badScope = error(post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "scope", "https://foo.microsoft.com/.default")), 400);
        JsonNode badResource = error(post("/" + TENANT + "/oauth2/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "resource", "https://foo.example/")), 400);
        JsonNode unknownTenant = error(post("/not-a-tenant/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "scope", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default")), 400);
        JsonNode badGrant = error(post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "password",
                "client_id", CLIENT)), 400);
        JsonNode missing = error(post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET)), 400);

        assertThat(badSecret.get("error").asText()).isEqualTo("invalid_client");
        assertThat(badSecret.get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(unknownClient.get("error").asText()).isEqualTo("unauthorized_client");
        assertThat(unknownClient.get("error_codes").get(0).asInt()).isEqualTo(700016);
        assertThat(badScope.get("error").asText()).isEqualTo("invalid_scope");
        assertThat(badScope.get("error_description").asText()).startsWith("AADSTS70011: ");
        assertThat(badResource.get("error").asText()).isEqualTo("invalid_resource");
        assertThat(unknownTenant.get("error_codes").get(0).asInt()).isEqualTo(90002);
        assertThat(badGrant.get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(missing.get("error_codes").get(0).asInt()).isEqualTo(900144);
        for (JsonNode error : new JsonNode[] {badSecret, unknownClient, badScope}) {
            assertThat(error.fieldNames()).toIterable().contains("error", "error_description", "error_codes", "timestamp",
                    "trace_id", "correlation_id");
            assertThat(error.toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void tokensForATenantApiCarryTheClientsAppRoles() throws Exception {
        HttpResponse<String> response = post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", "6f1f4e8e-3a0c-4c39-9d5e-000000000003", "client_secret", "local-emulator-secret-platform-team",
                "scope", "api://6f1f4e8e-3a0c-4c39-9d5e-0000000000a1/.default"));
        JsonNode unknownApi = error(post("/" + TENANT + "/oauth2/v2.0/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT, "client_secret", SECRET, "scope", "api://00000000-0000-0000-0000-0000000000ff/.default")), 400);

        assertThat(response.statusCode()).isEqualTo(200);
        com.nimbusds.jwt.JWTClaimsSet claims = com.nimbusds.jwt.SignedJWT.parse(mapper.readTree(response.body())
                .get("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("api://6f1f4e8e-3a0c-4c39-9d5e-0000000000a1");
        assertThat(claims.getStringListClaim("roles")).containsExactly("Workspace.Request", "Workspace.Read", "Security.Operate",
                "Security.Read", "People.Read", "Tokens.Operate", "Tokens.Read");
        assertThat(unknownApi.get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void msal4jSurfacesAWrongSecretAsAServiceException() throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication
                .builder(CLIENT, ClientCredentialFactory.createFromSecret("not-the-secret"))
                .oidcAuthority(servers.mainBaseUrl() + "/" + TENANT + "/v2.0")
                .instanceDiscovery(false)
                .sslSocketFactory(sslContext().getSocketFactory())
                .build();

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> app.acquireToken(ClientCredentialParameters
                .builder(Set.of("2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default")).build()).get());

        assertThat(thrown).hasCauseInstanceOf(MsalServiceException.class);
        assertThat(((MsalServiceException) thrown.getCause()).errorCode()).isEqualTo("invalid_client");
    }

    @Test
    void discoveryDocumentsPointAtTheEmulatorAndTheJwksVerifiesIssuedTokens() throws Exception {
        JsonNode v2 = mapper.readTree(http.get(servers.mainBaseUrl() + "/" + TENANT + "/v2.0/.well-known/openid-configuration", Map.of()).body());
        JsonNode jwks = mapper.readTree(http.get(v2.get("jwks_uri").asText(), Map.of()).body());

        assertThat(v2.get("issuer").asText()).isEqualTo(servers.mainBaseUrl() + "/" + TENANT + "/v2.0");
        assertThat(v2.get("token_endpoint").asText()).isEqualTo(servers.mainBaseUrl() + "/" + TENANT + "/oauth2/v2.0/token");
        com.nimbusds.jose.jwk.JWKSet keys = com.nimbusds.jose.jwk.JWKSet.parse(jwks.toString());
        String token = issuer.issue(TENANT, CLIENT, "oid", TokenIssuer.ARM_RESOURCE, java.util.List.of()).value();
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(token);
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey()))).isTrue();
    }

    private JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return mapper.readTree(response.body());
    }
}
