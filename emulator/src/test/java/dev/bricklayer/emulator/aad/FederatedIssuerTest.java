package dev.bricklayer.emulator.aad;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The stand-in OIDC issuers: their discovery documents and keys, the service-account tokens the admin API mints
 * (shaped like Kubernetes projected tokens), and the federated credentials the admin API adds.
 */
class FederatedIssuerTest extends WorkloadIdentityTestBase {

    @Test
    void anIssuerPublishesItsDiscoveryDocumentAndKeysAsAKubernetesApiServerDoes() throws Exception {
        JsonNode discovery = json(http.get(issuerUrl("discovery-cluster") + "/.well-known/openid-configuration", Map.of()), 200);
        JsonNode jwks = json(http.get(discovery.get("jwks_uri").asText(), Map.of()), 200);

        assertThat(discovery.get("issuer").asText()).isEqualTo(issuerUrl("discovery-cluster"));
        assertThat(discovery.get("jwks_uri").asText()).isEqualTo(issuerUrl("discovery-cluster") + "/openid/v1/jwks");
        assertThat(discovery.get("response_types_supported").toString()).isEqualTo("[\"id_token\"]");
        assertThat(discovery.get("subject_types_supported").toString()).isEqualTo("[\"public\"]");
        assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        JsonNode key = jwks.get("keys").get(0);
        assertThat(jwks.get("keys")).hasSize(1);
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.get("use").asText()).isEqualTo("sig");
        assertThat(key.get("alg").asText()).isEqualTo("RS256");
        assertThat(key.has("kid")).isTrue();
        assertThat(key.has("d")).as("no private part").isFalse();
    }

    @Test
    void aMintedTokenLooksLikeAProjectedServiceAccountTokenAndTheIssuersKeyVerifiesIt() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode minted = mint("claims-cluster", "identity-service", Map.of());
        SignedJWT jwt = SignedJWT.parse(minted.get("token").asText());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        JWKSet keys = JWKSet.parse(http.get(issuerUrl("claims-cluster") + "/openid/v1/jwks", Map.of()).body());

        assertThat(minted.get("issuer").asText()).isEqualTo(issuerUrl("claims-cluster"));
        assertThat(minted.get("subject").asText()).isEqualTo("system:serviceaccount:bricklayer:identity-service");
        assertThat(Instant.parse(minted.get("expiresOn").asText())).isEqualTo(claims.getExpirationTime().toInstant());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.verify(new RSASSAVerifier(keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey()))).isTrue();
        assertThat(claims.getIssuer()).isEqualTo(issuerUrl("claims-cluster"));
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:bricklayer:identity-service");
        assertThat(claims.getAudience()).containsExactly("api://AzureADTokenExchange");
        assertThat(claims.getIssueTime().toInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);
        assertThat(claims.getJWTID()).isNotBlank();
        Map<String, Object> kubernetes = claims.getJSONObjectClaim("kubernetes.io");
        assertThat(kubernetes).containsEntry("namespace", "bricklayer");
        @SuppressWarnings("unchecked")
        Map<String, Object> serviceAccount = (Map<String, Object>) kubernetes.get("serviceaccount");
        assertThat(serviceAccount).containsEntry("name", "identity-service").containsKey("uid");
    }

    @Test
    void theAdminApiMintsExpiredAndNotYetValidTokensOnRequest() throws Exception {
        JWTClaimsSet expired = SignedJWT.parse(mint("claims-cluster", "sa", Map.of("lifetimeSeconds", -120))
                .get("token").asText()).getJWTClaimsSet();
        JWTClaimsSet early = SignedJWT.parse(mint("claims-cluster", "sa", Map.of("notBeforeSeconds", 300,
                "audience", "api://other")).get("token").asText()).getJWTClaimsSet();

        assertThat(expired.getExpirationTime().toInstant()).isBefore(Instant.now().minusSeconds(100));
        assertThat(expired.getIssueTime()).isBefore(expired.getExpirationTime());
        assertThat(early.getNotBeforeTime().toInstant()).isAfter(Instant.now().plusSeconds(250));
        assertThat(early.getAudience()).containsExactly("api://other");
    }

    @Test
    void theAdminApiRefusesABadIssuerNameOrAMissingServiceAccount() throws Exception {
        HttpResponse<String> badName = admin("POST", "/admin/oidc/Not_A_Label/tokens",
                Map.of("namespace", "bricklayer", "serviceAccount", "sa"));
        HttpResponse<String> noAccount = admin("POST", "/admin/oidc/local-cluster/tokens", Map.of("namespace", "bricklayer"));
        HttpResponse<String> unknownApp = admin("POST", "/admin/directory/apps/00000000-0000-0000-0000-000000000000/federated-credentials",
                Map.of("name", "x", "issuer", "https://x", "subject", "y"));
        HttpResponse<String> badDocument = http.get(servers.mainBaseUrl() + "/oidc/Not_A_Label/openid/v1/jwks", Map.of());

        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(noAccount.statusCode()).isEqualTo(400);
        assertThat(noAccount.body()).contains("namespace and serviceAccount are required");
        assertThat(unknownApp.statusCode()).isEqualTo(404);
        assertThat(badDocument.statusCode()).isEqualTo(404);
    }

    @Test
    void federatedCredentialsFromConfigurationAndTheAdminApiAreListedWithTheDefaultAudience() throws Exception {
        trustLocalCluster();

        JsonNode apps = mapper.readTree(admin("GET", "/admin/directory", null).body()).get(0).get("apps");

        JsonNode workload = null;
        for (JsonNode app : apps) {
            if (app.get("clientId").asText().equals(WORKLOAD_APP)) {
                workload = app;
            }
        }
        assertThat(workload).isNotNull();
        assertThat(workload.get("signsInWith").asText()).isEqualTo("federated credential");
        assertThat(workload.get("federatedCredentials")).hasSize(2);
        assertThat(workload.get("federatedCredentials").get(0).get("issuer").asText()).isEqualTo(AKS_ISSUER);
        assertThat(workload.get("federatedCredentials").get(0).get("audiences").toString()).isEqualTo("[\"api://AzureADTokenExchange\"]");
        assertThat(workload.get("federatedCredentials").get(1).get("issuer").asText()).isEqualTo(issuerUrl(ISSUER_NAME));
        assertThat(apps.toString()).doesNotContain("local-emulator-secret-plain");
    }
}
