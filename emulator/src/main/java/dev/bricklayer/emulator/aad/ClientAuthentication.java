package dev.bricklayer.emulator.aad;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.server.EmulatorException;

/**
 * How a client proves it is the app of a token request, as Entra ID checks it: a client secret (form field or HTTP
 * Basic; AADSTS7000215 when wrong, 7000218 when missing) or a client assertion of type {@code jwt-bearer}. An
 * assertion issued by the app itself ({@code iss} = client id) must be signed by the key of the app's registered
 * certificate, be about the app, not expired, for the tenant's token endpoint (AADSTS50027, 700027, 700021, 700024,
 * 70021); any other is a federated assertion, checked against the app's federated identity credentials
 * ({@link FederatedAssertions}).
 */
@Component
class ClientAuthentication {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final Clock clock;
    private final FederatedAssertions federated;

    ClientAuthentication(Clock clock, FederatedAssertions federated) {
        this.clock = clock;
        this.federated = federated;
    }

    /** What a token request presents: a client id, and a secret or a client assertion. */
    record Credentials(String clientId, String secret, String assertionType, String assertion) {

        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + ", assertionType=" + assertionType + ", secret=***, assertion=***]";
        }
    }

    /** The credentials of a token request: form fields, or HTTP Basic for the client id and secret. */
    static Credentials credentials(ServerRequest request, MultiValueMap<String, String> form) {
        String clientId = form.getFirst("client_id");
        String secret = form.getFirst("client_secret");
        String basic = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId = clientId != null ? clientId : java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        return new Credentials(clientId, secret, form.getFirst("client_assertion_type"), form.getFirst("client_assertion"));
    }

    /** Checks the app's secret or certificate assertion; 400/401 with Entra ID's AADSTS code otherwise. */
    void authenticate(ServicePrincipal sp, Credentials credentials, Tenant tenant) {
        if (credentials.assertion() != null) {
            if (!JWT_BEARER.equals(credentials.assertionType())) {
                throw EmulatorException.aad(400, "invalid_request", 50027, "Invalid client_assertion_type '"
                        + credentials.assertionType() + "'.");
            }
            if (FederatedAssertions.isFederated(sp, credentials.assertion())) {
                federated.verify(sp, credentials.assertion());
            } else {
                verifyAssertion(sp, credentials.assertion(), tenant);
            }
            return;
        }
        if (credentials.secret() == null) {
            throw EmulatorException.aad(401, "invalid_client", 7000218, "The request body must contain the following "
                    + "parameter: 'client_assertion' or 'client_secret'.");
        }
        if (sp.secret() == null || !java.security.MessageDigest.isEqual(sp.secret().getBytes(StandardCharsets.UTF_8),
                credentials.secret().getBytes(StandardCharsets.UTF_8))) {
            throw EmulatorException.aad(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a secret added to "
                    + "app '" + sp.clientId() + "'.");
        }
    }

    private void verifyAssertion(ServicePrincipal sp, String assertion, Tenant tenant) {
        EmulatorException invalid = EmulatorException.aad(401, "invalid_client", 700027,
                "Client assertion failed signature validation.");
        if (sp.certificate() == null) {
            throw EmulatorException.aad(401, "invalid_client", 700027, "Client assertion contains an invalid signature: "
                    + "no certificate is registered for app '" + sp.clientId() + "'.");
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(sp.certificate().getBytes(StandardCharsets.US_ASCII)));
            SignedJWT jwt = SignedJWT.parse(assertion);
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()))) {
                throw invalid;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!sp.clientId().equalsIgnoreCase(claims.getIssuer()) || !sp.clientId().equalsIgnoreCase(claims.getSubject())) {
                throw EmulatorException.aad(401, "invalid_client", 700021, "Client assertion application identifier doesn't "
                        + "match 'client_id' parameter.");
            }
            if (claims.getExpirationTime() == null || claims.getExpirationTime().toInstant().isBefore(clock.instant())) {
                throw EmulatorException.aad(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
            }
            boolean audienceOk = claims.getAudience().stream().anyMatch(aud -> aud.contains("/" + tenant.id() + "/")
                    || (tenant.domain() != null && aud.toLowerCase(Locale.ROOT).contains("/" + tenant.domain().toLowerCase(Locale.ROOT) + "/")));
            if (!audienceOk) {
                throw EmulatorException.aad(401, "invalid_client", 70021, "No matching federated identity record found "
                        + "for presented assertion audience " + claims.getAudience() + ".");
            }
        } catch (EmulatorException e) {
            throw e;
        } catch (Exception e) {
            throw invalid;
        }
    }
}
