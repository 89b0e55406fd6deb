package dev.bricklayer.emulator.aad;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.bricklayer.emulator.config.EmulatorProperties;

/**
 * Signs the emulator's Entra ID access tokens (RS256, key published in the JWKS) and verifies them for ARM
 * and the workspaces. Claims follow v1 access tokens: {@code aud} (the resource), {@code iss}
 * ({@code https://sts.windows.net/{tid}/}), {@code appid}, {@code oid}, {@code sub}, {@code tid}, {@code roles},
 * {@code iat}/{@code nbf}/{@code exp}, {@code ver}, {@code idtyp=app}.
 */
@Component
public class TokenIssuer {

    /** The Azure Databricks first-party application, the audience of workspace tokens. */
    public static final String DATABRICKS_RESOURCE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
    public static final String ARM_RESOURCE = "https://management.azure.com/";
    public static final String SERVICE_MANAGEMENT_RESOURCE = "https://management.core.windows.net/";

    private final RSAKey key;
    private final EmulatorProperties properties;

    public TokenIssuer(EmulatorProperties properties) throws JOSEException {
        this.properties = properties;
        this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    }

    /** The public key set served at the JWKS endpoint. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    /** The issuer of a tenant's v1 tokens. */
    public static String issuer(String tenantId) {
        return "https://sts.windows.net/" + tenantId + "/";
    }

    public Issued issue(String tenantId, String clientId, String objectId, String audience, List<String> roles) {
        return issue(tenantId, clientId, objectId, audience, roles, properties.tokenLifetime());
    }

    /** A token with the given lifetime (negative: already expired — for tests of expiry handling). */
    public Issued issue(String tenantId, String clientId, String objectId, String audience, List<String> roles,
                        java.time.Duration lifetime) {
        Instant now = Instant.now();
        Instant expires = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer(issuer(tenantId))
                .subject(objectId)
                .issueTime(Date.from(now.isBefore(expires) ? now : expires.minusSeconds(600)))
                .notBeforeTime(Date.from(now.isBefore(expires) ? now : expires.minusSeconds(600)))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("appid", clientId)
                .claim("appidacr", "1")
                .claim("oid", objectId)
                .claim("tid", tenantId)
                .claim("idtyp", "app")
                .claim("roles", roles)
                .claim("ver", "1.0")
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return new Issued(jwt.serialize(), now, expires, audience);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
    }

    /**
     * Checks signature and audience and reads the claims. Expiry is reported, not thrown: each API answers an
     * expired token in its own way.
     *
     * @throws InvalidTokenException when the token is malformed, not signed by this emulator or for another audience
     */
    public Verified verify(String token, String expectedAudience) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                throw new InvalidTokenException("signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (expectedAudience != null && !claims.getAudience().contains(expectedAudience)) {
                throw new InvalidTokenException("audience");
            }
            Instant expiresAt = claims.getExpirationTime().toInstant();
            return new Verified(claims.getStringClaim("appid"), claims.getStringClaim("oid"),
                    claims.getStringClaim("tid"), claims.getAudience().get(0), expiresAt,
                    Instant.now().isAfter(expiresAt));
        } catch (ParseException | JOSEException e) {
            throw new InvalidTokenException("malformed");
        }
    }

    /** A token handed out. */
    public record Issued(String value, Instant issuedAt, Instant expiresAt, String audience) {

        @Override
        public String toString() {
            return "Issued[audience=" + audience + ", expiresAt=" + expiresAt + ", value=***]";
        }
    }

    /** The claims of a verified token. */
    public record Verified(String appId, String objectId, String tenantId, String audience, Instant expiresAt,
                           boolean expired) {
    }

    /** A token the emulator did not issue, or not for this audience. */
    public static final class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String reason) {
            super("Invalid token: " + reason);
        }
    }
}
