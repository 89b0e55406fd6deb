package dev.bricklayer.servicetest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.aad.AadAuthenticationException;
import dev.bricklayer.common.aad.AadProperties;
import dev.bricklayer.common.aad.ManagedIdentityAccessTokenSource;

/**
 * Signs in with the host's managed identity in a JVM whose environment names the emulator's identity endpoint
 * ({@code IDENTITY_ENDPOINT} + {@code IDENTITY_HEADER}, or {@code AZURE_POD_IDENTITY_AUTHORITY_HOST}): MSAL4J reads
 * the process environment, which a running JVM cannot change. Prints one {@value #RESULT} line of JSON: the
 * source's principal and the token's claims (not the token), or the error code and AADSTS codes.
 *
 * <p>Arguments: the emulator's trust store, its password, the user-assigned client id or {@code -}, the scope.
 */
public final class ManagedIdentitySignIn {

    static final String RESULT = "SIGN-IN-RESULT ";

    private ManagedIdentitySignIn() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        AadProperties properties = new AadProperties(null, null, null, AadProperties.Credential.MANAGED_IDENTITY, null,
                null, null, "-".equals(args[2]) ? null : new AadProperties.ManagedIdentity(args[2]), null, null);
        ObjectNode result = json.createObjectNode();
        try (ManagedIdentityAccessTokenSource source = new ManagedIdentityAccessTokenSource(properties,
                EmulatorWire.trustBundle(Path.of(args[0]), args[1]).createSslContext())) {
            result.put("principal", source.principal());
            String token = source.token(args[3]).block(Duration.ofSeconds(30));
            result.set("claims", json.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    StandardCharsets.UTF_8)));
        } catch (AadAuthenticationException e) {
            result.put("errorCode", e.errorCode()).put("message", e.getMessage());
        }
        System.out.println(RESULT + result);
        System.exit(0);
    }
}
