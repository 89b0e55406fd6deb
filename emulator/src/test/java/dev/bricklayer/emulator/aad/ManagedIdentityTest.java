package dev.bricklayer.emulator.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityEnvironment;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.ManagedIdentitySourceType;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jwt.SignedJWT;

/**
 * The managed-identity endpoints: MSAL4J's {@code ManagedIdentityApplication} gets tokens from the App Service style
 * endpoint ({@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}) and from the IMDS style one
 * ({@code AZURE_POD_IDENTITY_AUTHORITY_HOST}), pointed at the emulator through MSAL4J's environment hook; the wire
 * formats are those of Azure's documentation.
 */
class ManagedIdentityTest extends WorkloadIdentityTestBase {

    @AfterEach
    void processEnvironment() {
        ManagedIdentityEnvironment.reset();
    }

    private IAuthenticationResult msal(ManagedIdentityId id, String resource) throws Exception {
        ManagedIdentityApplication app = ManagedIdentityApplication.builder(id)
                .sslSocketFactory(sslContext().getSocketFactory()).build();
        return app.acquireTokenForManagedIdentity(ManagedIdentityParameters.builder(resource).forceRefresh(true).build()).get();
    }

    private void appService(String header) {
        ManagedIdentityEnvironment.use(Map.of("IDENTITY_ENDPOINT", servers.mainBaseUrl() + "/msi/token", "IDENTITY_HEADER", header));
    }

    @Test
    void msal4jGetsTheSystemAssignedIdentitysTokenFromTheAppServiceEndpoint() throws Exception {
        appService(IDENTITY_HEADER);

        IAuthenticationResult result = msal(ManagedIdentityId.systemAssigned(), "https://management.azure.com/");

        assertThat(ManagedIdentityApplication.getManagedIdentitySource()).isEqualTo(ManagedIdentitySourceType.APP_SERVICE);
        TokenIssuer.Verified claims = issuer.verify(result.accessToken(), TokenIssuer.ARM_RESOURCE);
        assertThat(claims.appId()).isEqualTo(SYSTEM_IDENTITY);
        assertThat(claims.objectId()).isEqualTo("0a1b2c3d-0000-4000-8000-0000000000f2");
        assertThat(claims.tenantId()).isEqualTo(TENANT);
        assertThat(journal.find(e -> e.path().equals("/msi/token") && e.status() == 200))
                .anySatisfy(e -> assertThat(e.principal()).isEqualTo(SYSTEM_IDENTITY));
    }

    @Test
    void msal4jGetsAUserAssignedIdentitysTokenWithItsAppRolesFromTheImdsEndpoint() throws Exception {
        ManagedIdentityEnvironment.use(Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", servers.mainBaseUrl()));

        IAuthenticationResult result = msal(ManagedIdentityId.userAssignedClientId(USER_IDENTITY), TokenIssuer.DATABRICKS_RESOURCE);

        assertThat(ManagedIdentityApplication.getManagedIdentitySource()).isEqualTo(ManagedIdentitySourceType.DEFAULT_TO_IMDS);
        TokenIssuer.Verified claims = issuer.verify(result.accessToken(), TokenIssuer.DATABRICKS_RESOURCE);
        assertThat(claims.appId()).isEqualTo(USER_IDENTITY);
        assertThat(SignedJWT.parse(result.accessToken()).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("Tokens.Operate");
        assertThat(journal.find(e -> e.path().equals("/metadata/identity/oauth2/token") && e.status() == 200))
                .anySatisfy(e -> assertThat(e.principal()).isEqualTo(USER_IDENTITY));
    }

    @Test
    void msal4jWithAWrongIdentityHeaderFails() throws Exception {
        appService("not-the-header");

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
                msal(ManagedIdentityId.systemAssigned(), "https://management.azure.com/"));

        assertThat(thrown).hasCauseInstanceOf(MsalServiceException.class);
        MsalServiceException refused = (MsalServiceException) thrown.getCause();
        assertThat(refused.errorCode()).isEqualTo("managed_identity_request_failed");
        assertThat(refused.getMessage()).contains("X-IDENTITY-HEADER").doesNotContain("not-the-header");
        assertThat(journal.find(e -> e.path().equals("/msi/token") && e.status() == 401)).isNotEmpty();
    }

    @Test
    void theAppServiceEndpointAnswersAsTheDocumentedSample() throws Exception {
        JsonNode body = json(appServiceCall(IDENTITY_HEADER, "2019-08-01", "https://management.azure.com/", USER_IDENTITY), 200);

        assertThat(fieldNames(body)).containsExactly("access_token", "expires_on", "resource", "token_type", "client_id");
        assertSameTypes(fixture("docs-app-service-msi-token-2019-08-01.response.json"), body);
        assertThat(body.get("resource").asText()).isEqualTo("https://management.azure.com/");
        assertThat(body.get("client_id").asText()).isEqualTo(USER_IDENTITY);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(Long.parseLong(body.get("expires_on").asText()))
                .isEqualTo(SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet().getExpirationTime().getTime() / 1000);
    }

    @Test
    void theAppServiceEndpointRefusesAMissingOrWrongHeaderAnOldApiVersionAndAnUnknownIdentity() throws Exception {
        HttpResponse<String> missing = appServiceCall(null, "2019-08-01", "https://management.azure.com/", null);
        HttpResponse<String> wrong = appServiceCall("nope", "2019-08-01", "https://management.azure.com/", null);
        JsonNode oldVersion = json(appServiceCall(IDENTITY_HEADER, "2017-09-01", "https://management.azure.com/", null), 400);
        JsonNode unknown = json(appServiceCall(IDENTITY_HEADER, "2019-08-01", "https://management.azure.com/", PLAIN_APP), 400);
        JsonNode badResource = json(appServiceCall(IDENTITY_HEADER, "2019-08-01", "https://vault.azure.net", null), 400);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(IDENTITY_HEADER);
        assertThat(oldVersion.get("message").asText()).contains("UnsupportedApiVersion");
        assertThat(unknown.get("message").asText()).isEqualTo("Unable to load the proper Managed Identity.");
        assertThat(fieldNames(unknown)).containsExactly("statusCode", "message", "correlationId");
        assertThat(badResource.get("message").asText()).startsWith("AADSTS500011: ");
    }

    @Test
    void theImdsEndpointAnswersAsTheDocumentedSample() throws Exception {
        JsonNode body = json(imdsCall(true, "2018-02-01", "https://management.azure.com/", null), 200);

        assertThat(fieldNames(body)).containsExactly("access_token", "refresh_token", "expires_in", "expires_on",
                "not_before", "resource", "token_type");
        assertSameTypes(fixture("docs-imds-identity-oauth2-token.response.json"), body);
        assertThat(body.get("refresh_token").asText()).isEmpty();
        assertThat(body.get("expires_in").asText()).isEqualTo("599");
        assertThat(issuer.verify(body.get("access_token").asText(), TokenIssuer.ARM_RESOURCE).appId()).isEqualTo(SYSTEM_IDENTITY);
    }

    @Test
    void theImdsEndpointRefusesARequestWithoutTheMetadataHeaderOrForAnUnknownIdentity() throws Exception {
        JsonNode noHeader = json(imdsCall(false, "2018-02-01", "https://management.azure.com/", null), 400);
        JsonNode unknown = json(imdsCall(true, "2018-02-01", "https://management.azure.com/", PLAIN_APP), 400);
        JsonNode noResource = json(imdsCall(true, "2018-02-01", null, null), 400);

        assertThat(noHeader).isEqualTo(fixture("observed-imds-error-missing-metadata-header.json"));
        assertThat(unknown.toString()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}");
        assertThat(noResource.get("error").asText()).isEqualTo("invalid_request");
    }

    private HttpResponse<String> appServiceCall(String header, String apiVersion, String resource, String clientId) throws Exception {
        String url = servers.mainBaseUrl() + "/msi/token?api-version=" + apiVersion + "&resource=" + encode(resource)
                + (clientId == null ? "" : "&client_id=" + clientId);
        return http.get(url, header == null ? Map.of() : Map.of("X-IDENTITY-HEADER", header));
    }

    private HttpResponse<String> imdsCall(boolean metadata, String apiVersion, String resource, String clientId) throws Exception {
        String url = servers.mainBaseUrl() + "/metadata/identity/oauth2/token?api-version=" + apiVersion
                + (resource == null ? "" : "&resource=" + encode(resource)) + (clientId == null ? "" : "&client_id=" + clientId);
        return http.get(url, metadata ? Map.of("Metadata", "true") : Map.of());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertSameTypes(JsonNode fixture, JsonNode actual) {
        assertThat(fieldNames(actual)).containsExactlyInAnyOrderElementsOf(fieldNames(fixture));
        fixture.fieldNames().forEachRemaining(name ->
                assertThat(actual.get(name).getNodeType()).as("type of " + name).isEqualTo(fixture.get(name).getNodeType()));
    }
}
