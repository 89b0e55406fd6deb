package dev.bricklayer.emulator.aad;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.bricklayer.emulator.config.EmulatorProperties.FederatedCredential;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.oidc.OidcIssuers;
import dev.bricklayer.emulator.server.EmulatorException;

/**
 * Workload identity federation as Entra ID checks it: a client assertion issued by an external identity provider stands
 * for an app when one of the app's federated identity credentials has its issuer, its subject and one of its audiences
 * (exact, case-sensitive), it is signed by a key the issuer publishes, lives at most 1 day 1 hour and is within its
 * valid time. Only the emulator's own issuers ({@link OidcIssuers}) have keys to fetch: any other issuer is refused as
 * one whose OIDC endpoint cannot be reached. Error texts never carry the assertion.
 */
@Component
class FederatedAssertions {

    private static final String DOCS = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
    private static final Duration MAX_LIFETIME = Duration.ofHours(25);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Directory directory;
    private final OidcIssuers issuers;
    private final Clock clock;

    FederatedAssertions(Directory directory, OidcIssuers issuers, Clock clock) {
        this.directory = directory;
        this.issuers = issuers;
        this.clock = clock;
    }

    /** Whether the assertion is not the app's own (its {@code iss} is not the client id): then it is a federated one. */
    static boolean isFederated(ServicePrincipal app, String assertion) {
        try {
            String issuer = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
            return issuer != null && !issuer.equalsIgnoreCase(app.clientId());
        } catch (ParseException e) {
            return false;
        }
    }

    /** Accepts the assertion for {@code app} or throws Entra ID's error. */
    void verify(ServicePrincipal app, String assertion) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalidSignature("The assertion is not a signed JWT.");
        }
        String issuer = claims.getIssuer();
        String subject = claims.getSubject();
        List<String> audiences = claims.getAudience();
        List<FederatedCredential> credentials = directory.federatedCredentials(app);
        if (credentials.isEmpty()) {
            throw EmulatorException.aad(400, "invalid_request", 70021, "No matching federated identity record found for "
                    + "presented assertion. Assertion Issuer: '" + issuer + "'. Assertion Subject: '" + subject
                    + "'. Assertion Audience: '" + String.join(",", audiences) + "'. " + DOCS);
        }
        List<FederatedCredential> byIssuer = credentials.stream().filter(c -> c.issuer().equals(issuer)).toList();
        if (byIssuer.isEmpty()) {
            throw noMatch(700211, "issuer '" + issuer + "'");
        }
        List<FederatedCredential> bySubject = byIssuer.stream().filter(c -> c.subject().equals(subject)).toList();
        if (bySubject.isEmpty()) {
            throw noMatch(700213, "subject '" + subject + "'");
        }
        if (bySubject.stream().noneMatch(c -> c.audiences().stream().anyMatch(audiences::contains))) {
            throw noMatch(700212, "audience '" + String.join(",", audiences) + "'");
        }
        verifySignature(jwt, issuer);
        verifyTimes(claims);
    }

    private void verifySignature(SignedJWT jwt, String issuer) {
        Optional<String> hosted = issuers.hostedName(issuer);
        if (hosted.isEmpty()) {
            throw EmulatorException.aad(400, "invalid_request", 50166, "Request to External OIDC endpoint failed.");
        }
        JWK key = issuers.publicKeys(hosted.get()).getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            throw invalidSignature("The key was not found.");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
                throw invalidSignature("Key was found, but use of the key to verify the signature failed.");
            }
        } catch (JOSEException e) {
            throw invalidSignature("Key was found, but use of the key to verify the signature failed.");
        }
    }

    private void verifyTimes(JWTClaimsSet claims) {
        Instant issued = instant(claims.getIssueTime());
        Instant expires = instant(claims.getExpirationTime());
        if (issued == null || expires == null || Duration.between(issued, expires).compareTo(MAX_LIFETIME) > 0) {
            throw EmulatorException.aad(400, "invalid_request", 70023, "External OIDC Provider token must have a lifetime "
                    + "of less than or equal to 1.01:00:00. Token issued at " + epoch(issued) + ". Token expires on "
                    + epoch(expires) + ".");
        }
        Instant now = clock.instant();
        Instant notBefore = instant(claims.getNotBeforeTime());
        Instant validFrom = notBefore == null ? Instant.EPOCH : notBefore;
        if (now.isBefore(validFrom) || !now.isBefore(expires)) {
            throw EmulatorException.aad(401, "invalid_client", 700024, "Client assertion is not within its valid time "
                    + "range. Current time: " + TIME.format(now) + ", assertion valid from " + TIME.format(validFrom)
                    + ", expiry time of assertion " + TIME.format(expires) + ". Review the documentation at "
                    + "https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
    }

    private static EmulatorException noMatch(int code, String what) {
        return EmulatorException.aad(401, "invalid_client", code, "No matching federated identity record found for "
                + "presented assertion " + what + ". Check your federated identity credential Subject, Audience and "
                + "Issuer against the presented assertion. " + DOCS);
    }

    private static EmulatorException invalidSignature(String reason) {
        return EmulatorException.aad(401, "invalid_client", 700027, "Client assertion contains an invalid signature. "
                + "[Reason - " + reason + "]");
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static long epoch(Instant instant) {
        return instant == null ? 0 : instant.getEpochSecond();
    }
}
