package dev.bricklayer.emulator.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Workload identity federation: an app with a federated credential on the emulator's issuer {@code local-cluster} gets
 * tokens for a service-account token of that issuer (through MSAL4J as a Bricklayer service would), and every
 * mismatch is refused with Entra ID's status, error, AADSTS code and text.
 */
class FederatedCredentialTest extends WorkloadIdentityTestBase {

    @BeforeEach
    void trust() throws Exception {
        trustLocalCluster();
    }

    private ConfidentialClientApplication app(IClientCredential credential) throws Exception {
        return ConfidentialClientApplication.builder(WORKLOAD_APP, credential)
                .oidcAuthority(servers.mainBaseUrl() + "/" + TENANT + "/v2.0")
                .instanceDiscovery(false)
                .sslSocketFactory(sslContext().getSocketFactory())
                .build();
    }

    private String serviceAccountToken() throws Exception {
        return mint(ISSUER_NAME, "identity-service", Map.of()).get("token").asText();
    }

    @Test
    void msal4jExchangesAServiceAccountTokenForATokenOfTheApp() throws Exception {
        IAuthenticationResult result = app(ClientCredentialFactory.createFromClientAssertion(serviceAccountToken()))
                .acquireToken(ClientCredentialParameters.builder(Set.of(TokenIssuer.DATABRICKS_RESOURCE + "/.default")).build())
                .get();

        TokenIssuer.Verified claims = issuer.verify(result.accessToken(), TokenIssuer.DATABRICKS_RESOURCE);
        assertThat(claims.appId()).isEqualTo(WORKLOAD_APP);
        assertThat(claims.objectId()).isEqualTo("0a1b2c3d-0000-4000-8000-0000000000f1");
        assertThat(claims.tenantId()).isEqualTo(TENANT);
        assertThat(SignedJWT.parse(result.accessToken()).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("People.Read");
    }

    @Test
    void msal4jAsksTheCallbackForAFreshAssertionOnEveryTokenRequest() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Callable<String> projectedToken = () -> {
            asked.incrementAndGet();
            return serviceAccountToken();
        };
        ConfidentialClientApplication app = app(ClientCredentialFactory.createFromCallback(projectedToken));

        IAuthenticationResult arm = app.acquireToken(ClientCredentialParameters
                .builder(Set.of("https://management.azure.com/.default")).build()).get();
        IAuthenticationResult databricks = app.acquireToken(ClientCredentialParameters
                .builder(Set.of(TokenIssuer.DATABRICKS_RESOURCE + "/.default")).build()).get();

        assertThat(issuer.verify(arm.accessToken(), TokenIssuer.ARM_RESOURCE).appId()).isEqualTo(WORKLOAD_APP);
        assertThat(issuer.verify(databricks.accessToken(), TokenIssuer.DATABRICKS_RESOURCE).appId()).isEqualTo(WORKLOAD_APP);
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void anIssuerNoCredentialNamesIsRefusedWith700211() throws Exception {
        String token = mint("other-cluster", "identity-service", Map.of()).get("token").asText();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, token), 401);

        assertRefusal(error, "invalid_client", 700211, "No matching federated identity record found for presented assertion "
                + "issuer '" + issuerUrl("other-cluster") + "'. Check your federated identity credential Subject, Audience "
                + "and Issuer against the presented assertion.");
        assertSameShape(fixture("observed-token-error-700211-federated-issuer.json"), error);
    }

    @Test
    void anotherServiceAccountIsRefusedWith700213() throws Exception {
        String token = mint(ISSUER_NAME, "token-service", Map.of()).get("token").asText();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, token), 401);

        assertRefusal(error, "invalid_client", 700213, "No matching federated identity record found for presented assertion "
                + "subject 'system:serviceaccount:bricklayer:token-service'. Check your federated identity credential");
    }

    @Test
    void anotherAudienceIsRefusedWith700212() throws Exception {
        String token = mint(ISSUER_NAME, "identity-service", Map.of("audience", "api://something-else")).get("token").asText();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, token), 401);

        assertRefusal(error, "invalid_client", 700212, "No matching federated identity record found for presented assertion "
                + "audience 'api://something-else'.");
    }

    @Test
    void anExpiredServiceAccountTokenIsRefusedWith700024() throws Exception {
        String token = mint(ISSUER_NAME, "identity-service", Map.of("lifetimeSeconds", -60)).get("token").asText();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, token), 401);

        assertRefusal(error, "invalid_client", 700024, "Client assertion is not within its valid time range. Current time: ");
        assertThat(error.get("error_description").asText())
                .matches("(?s)AADSTS700024: .*Current time: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z, assertion valid from "
                        + "\\S+Z, expiry time of assertion \\S+Z\\. Review the documentation at .*");
        assertSameShape(fixture("observed-token-error-700024-assertion-time-range.json"), error);
    }

    @Test
    void aServiceAccountTokenNotValidYetIsRefusedWith700024() throws Exception {
        JsonNode minted = mint(ISSUER_NAME, "identity-service", Map.of("notBeforeSeconds", 600));
        Date notBefore = SignedJWT.parse(minted.get("token").asText()).getJWTClaimsSet().getNotBeforeTime();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, minted.get("token").asText()), 401);

        assertRefusal(error, "invalid_client", 700024, "Client assertion is not within its valid time range.");
        assertThat(error.get("error_description").asText()).contains("assertion valid from "
                + notBefore.toInstant().toString().replace("Z", ".0000000Z"));
    }

    @Test
    void aTokenLivingLongerThanADayAndAnHourIsRefusedWith70023() throws Exception {
        String token = mint(ISSUER_NAME, "identity-service", Map.of("lifetimeSeconds", 90_001)).get("token").asText();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, token), 400);

        assertRefusal(error, "invalid_request", 70023, "External OIDC Provider token must have a lifetime of less than or "
                + "equal to 1.01:00:00. Token issued at ");
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedWith700027() throws Exception {
        SignedJWT genuine = SignedJWT.parse(serviceAccountToken());
        RSAKey stranger = new RSAKeyGenerator(2048).generate();

        JsonNode sameKid = json(tokenWithAssertion(WORKLOAD_APP, sign(genuine.getJWTClaimsSet(), stranger,
                genuine.getHeader().getKeyID())), 401);
        JsonNode unknownKid = json(tokenWithAssertion(WORKLOAD_APP, sign(genuine.getJWTClaimsSet(), stranger,
                UUID.randomUUID().toString())), 401);

        assertRefusal(sameKid, "invalid_client", 700027, "Client assertion contains an invalid signature. [Reason - Key was "
                + "found, but use of the key to verify the signature failed.]");
        assertRefusal(unknownKid, "invalid_client", 700027, "Client assertion contains an invalid signature. [Reason - The "
                + "key was not found.]");
    }

    @Test
    void anIssuerTheEmulatorDoesNotHostCannotBeFetchedAndIsRefusedWith50166() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(AKS_ISSUER).subject(SUBJECT)
                .audience("api://AzureADTokenExchange").issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build();

        JsonNode error = json(tokenWithAssertion(WORKLOAD_APP, sign(claims, new RSAKeyGenerator(2048).generate(), "k1")), 400);

        assertRefusal(error, "invalid_request", 50166, "Request to External OIDC endpoint failed.");
        assertSameShape(fixture("observed-token-error-50166-external-oidc-endpoint.json"), error);
    }

    @Test
    void anAppWithoutFederatedCredentialsIsRefusedWith70021NamingTheAssertionsClaims() throws Exception {
        JsonNode error = json(tokenWithAssertion(PLAIN_APP, serviceAccountToken()), 400);

        assertRefusal(error, "invalid_request", 70021, "No matching federated identity record found for presented assertion. "
                + "Assertion Issuer: '" + issuerUrl(ISSUER_NAME) + "'. Assertion Subject: '" + SUBJECT
                + "'. Assertion Audience: 'api://AzureADTokenExchange'.");
        assertSameShape(fixture("observed-token-error-70021-federated-no-match.json"), error);
    }

    @Test
    void anAppsOwnAssertionIsStillCheckedAsACertificateAssertion() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(PLAIN_APP).subject(PLAIN_APP)
                .audience(servers.mainBaseUrl() + "/" + TENANT + "/oauth2/v2.0/token")
                .expirationTime(new Date(System.currentTimeMillis() + 600_000)).build();

        JsonNode error = json(tokenWithAssertion(PLAIN_APP, sign(claims, new RSAKeyGenerator(2048).generate(), "k1")), 401);

        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(700027);
        assertThat(error.get("error_description").asText()).contains("no certificate is registered for app");
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void assertRefusal(JsonNode error, String code, int aadsts, String text) {
        assertThat(error.get("error").asText()).isEqualTo(code);
        assertThat(error.get("error_codes")).hasSize(1);
        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(aadsts);
        assertThat(error.get("error_description").asText()).startsWith("AADSTS" + aadsts + ": " + text);
        assertThat(error.get("error_description").asText()).contains("\r\nTrace ID: ", "\r\nCorrelation ID: ", "\r\nTimestamp: ");
        assertThat(error.get("error_uri").asText()).isEqualTo("https://login.microsoftonline.com/error?code=" + aadsts);
    }

    private static void assertSameShape(JsonNode fixture, JsonNode actual) {
        List<String> names = new java.util.ArrayList<>();
        fixture.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            assertThat(actual.get(name)).as("field " + name).isNotNull();
            assertThat(actual.get(name).getNodeType()).as("type of " + name).isEqualTo(fixture.get(name).getNodeType());
        }
        assertThat(actual.get("error").asText()).isEqualTo(fixture.get("error").asText());
        assertThat(actual.get("error_codes").get(0).asInt()).isEqualTo(fixture.get("error_codes").get(0).asInt());
        String fixtureText = fixture.get("error_description").asText();
        String prefix = fixtureText.substring(0, fixtureText.indexOf(": ") + 2);
        assertThat(actual.get("error_description").asText()).startsWith(prefix);
    }
}
