package dev.bricklayer.emulator.oidc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.bricklayer.emulator.server.EmulatorServers;

/**
 * Stand-in OIDC issuers, such as an AKS cluster's service-account issuer: each name ({@code [a-z0-9-]{1,63}}) is an
 * issuer at {@code {main base URL}/oidc/{name}} with an RSA key of its own, made on first use. Their tokens look like
 * Kubernetes projected service-account tokens; Entra ID verifies them with these keys (no network fetch).
 */
@Component
public class OidcIssuers {

    /** What a valid issuer name looks like (a DNS label). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");

    private static final String PATH = "/oidc/";

    private final Map<String, RSAKey> keys = new ConcurrentHashMap<>();
    private final EmulatorServers servers;
    private final Clock clock;

    public OidcIssuers(@Lazy EmulatorServers servers, Clock clock) {
        this.servers = servers;
        this.clock = clock;
    }

    /** The issuer URL ({@code iss}) of issuer {@code name}. */
    public String issuerUrl(String name) {
        return servers.mainBaseUrl() + PATH + name;
    }

    /** The name of the hosted issuer whose URL is {@code issuer}, if the emulator hosts it. */
    public Optional<String> hostedName(String issuer) {
        String prefix = servers.mainBaseUrl() + PATH;
        if (issuer == null || !issuer.startsWith(prefix)) {
            return Optional.empty();
        }
        String name = issuer.substring(prefix.length());
        return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** The issuer's public keys, in JWKS form; the issuer is made if it is new. */
    public JWKSet publicKeys(String name) {
        return new JWKSet(key(name).toPublicJWK());
    }

    /** The issuer's OpenID Provider metadata, as a Kubernetes API server publishes it. */
    public Map<String, Object> discovery(String name) {
        key(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuerUrl(name));
        body.put("jwks_uri", issuerUrl(name) + "/openid/v1/jwks");
        body.put("response_types_supported", List.of("id_token"));
        body.put("subject_types_supported", List.of("public"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return body;
    }

    /**
     * A token of the service account {@code namespace/serviceAccount}, as the kubelet projects it: RS256 with the
     * issuer's {@code kid}; {@code iss}, {@code sub} ({@code system:serviceaccount:<ns>:<sa>}), {@code aud},
     * {@code iat}, {@code nbf}, {@code exp}, {@code jti} and the {@code kubernetes.io} claim.
     *
     * @param lifetimeSeconds  seconds from now until {@code exp}; negative: a token that expired that long ago
     * @param notBeforeSeconds seconds from now until {@code nbf}; positive: a token not valid yet
     */
    public ServiceAccountToken mint(String name, String namespace, String serviceAccount, String audience,
                                    long lifetimeSeconds, long notBeforeSeconds) {
        RSAKey key = key(name);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(lifetimeSeconds);
        Instant issued = lifetimeSeconds > 0 ? now : expires.minusSeconds(3600);
        Instant notBefore = notBeforeSeconds != 0 ? now.plusSeconds(notBeforeSeconds) : issued;
        String subject = "system:serviceaccount:" + namespace + ":" + serviceAccount;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(List.of(audience))
                .expirationTime(Date.from(expires))
                .issueTime(Date.from(issued))
                .issuer(issuerUrl(name))
                .jwtID(UUID.randomUUID().toString())
                .notBeforeTime(Date.from(notBefore))
                .subject(subject)
                .claim("kubernetes.io", Map.of(
                        "namespace", namespace,
                        "serviceaccount", Map.of("name", serviceAccount, "uid", UUID.nameUUIDFromBytes(
                                (name + "/" + namespace + "/" + serviceAccount).getBytes(StandardCharsets.UTF_8)).toString())))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return new ServiceAccountToken(jwt.serialize(), issuerUrl(name), subject, expires);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a service-account token", e);
        }
    }

    private RSAKey key(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("An issuer name is 1 to 63 of a-z, 0-9 and '-': " + name);
        }
        return keys.computeIfAbsent(name, n -> {
            try {
                return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyID(UUID.randomUUID().toString()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot make a key for issuer " + n, e);
            }
        });
    }

    /** A minted token: its value is never printed. */
    public record ServiceAccountToken(String value, String issuer, String subject, Instant expiresOn) {

        @Override
        public String toString() {
            return "ServiceAccountToken[issuer=" + issuer + ", subject=" + subject + ", expiresOn=" + expiresOn + ", value=***]";
        }
    }
}
