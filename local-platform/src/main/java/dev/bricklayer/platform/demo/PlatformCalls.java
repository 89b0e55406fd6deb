package dev.bricklayer.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.platform.run.EmulatorDefaults;

/**
 * Which requests in the emulator's journal the platform's services made, and so must each have one audit record:
 * every ARM and workspace request except those people made by hand (their principal is an e-mail address), and the
 * Entra ID requests of the services' own sign-in — token requests as the platform's client and the OIDC discovery
 * document MSAL4J reads; the account host's requests of the platform's app (not those of an account admin reading it
 * back, as the end-to-end test does). Not the platform team's or the auditor's sign-in, nor the signing keys the services'
 * APIs read to check bearer tokens.
 */
public final class PlatformCalls {

    private PlatformCalls() {
    }

    /** Whether a journal entry ({@code surface}, {@code path}, {@code principal}) is a call a service made. */
    public static boolean madeByTheServices(JsonNode entry) {
        String surface = entry.path("surface").asText();
        String principal = entry.path("principal").asText("");
        return switch (surface) {
            case "arm", "workspace" -> !principal.contains("@");
            case "account" -> principal.equals(EmulatorDefaults.PLATFORM_CLIENT_ID);
            case "aad" -> principal.equals(EmulatorDefaults.PLATFORM_CLIENT_ID)
                    || principal.isEmpty() && entry.path("path").asText().endsWith("/.well-known/openid-configuration");
            default -> false;
        };
    }
}
