package dev.bricklayer.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.platform.run.EmulatorDefaults;
import dev.bricklayer.platform.run.JavaProcess;
import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformSettings;

/** What {@code ./bricklayer up} prints: every endpoint, the local credentials, and commands to try. */
final class Endpoints {

    private Endpoints() {
    }

    /** One app: name, client id, secret, and what it may do (its API roles, its Azure roles, or what it is for). */
    static String app(JsonNode app) {
        String clientId = app.path("clientId").asText();
        List<String> may = new ArrayList<>();
        app.path("azureRoles").forEach(role -> may.add(role.path("role").asText() + " on " + role.path("scope").asText()));
        if (!app.path("appRoles").isEmpty()) {
            List<String> roles = new ArrayList<>();
            app.path("appRoles").forEach(role -> roles.add(role.asText()));
            may.add("Bricklayer API roles " + String.join(", ", roles));
        }
        String what = switch (clientId) {
            case EmulatorDefaults.PLATFORM_CLIENT_ID -> "; the services sign in as it";
            case "6f1f4e8e-3a0c-4c39-9d5e-0000000000a1" -> "the Bricklayer API the roles are for (tokens for api://" + clientId + ")";
            default -> may.isEmpty() ? "may do nothing (to try refusals)" : "";
        };
        return String.format("  %-20s %s  secret %s%n  %-20s %s%n", app.path("displayName").asText(), clientId,
                EmulatorDefaults.SECRETS.getOrDefault(clientId, "(" + app.path("signsInWith").asText() + ")"), "",
                String.join("; ", may) + what);
    }

    /**
     * @param directory the emulator's apps ({@code GET /admin/directory}): what each may do
     */
    static String describe(LocalPlatform platform, JsonNode directory) {
        PlatformSettings s = platform.settings();
        Map<String, URI> e = platform.endpoints();
        StringBuilder out = new StringBuilder("\n=== Bricklayer is running (Ctrl-C stops every process) ===\n");
        e.forEach((name, uri) -> out.append(String.format("  %-18s %s%n", name, uri)));
        out.append("\nREST APIs (OpenAPI at <service>/v3/api-docs, UI at <service>/swagger-ui.html):\n");
        out.append("  workspace-service  ").append(e.get("workspace-service")).append("/api/v1/workspaces\n");
        out.append("  security-service   ").append(e.get("security-service")).append("/api/v1/security/workspaces\n");
        out.append("  identity-service   ").append(e.get("identity-service")).append("/api/v1/people/{employeeId}/access\n");
        out.append("  token-service      ").append(e.get("token-service")).append("/api/v1/tokens/violations\n");
        out.append("  audit-service      ").append(e.get("audit-service")).append("/api/v1/audit  (/export, /verify)\n");
        out.append("\nSign-in of the services: ").append(platform.secretless()
                ? "secretless (Azure Workload Identity): a federated credential each on the platform app, service-account tokens in "
                        + s.workDirectory().resolve("workload-identity") + ", rotated; no client secret given to any service\n"
                : "the platform app's client secret (BRICKLAYER_AAD_CLIENTSECRET; ./bricklayer up --secretless signs in without it)\n");
        out.append("\nLocal apps (the emulator's Entra ID; its own test credentials, nothing here is a real secret), tenant ")
                .append(EmulatorDefaults.TENANT).append(":\n");
        for (JsonNode tenant : directory) {
            for (JsonNode app : tenant.path("apps")) {
                out.append(app(app));
            }
        }
        out.append("  emulator trust     ").append(s.trustStore()).append(" (PKCS12, password ")
                .append(EmulatorDefaults.TRUST_STORE_PASSWORD).append(")\n");
        out.append("\nTry:\n");
        out.append("  keytool -exportcert -rfc -alias bricklayer-emulator -keystore ").append(s.trustStore())
                .append(" -storepass changeit > emulator.pem\n");
        out.append("  TOKEN=$(curl -s --cacert emulator.pem -d grant_type=client_credentials -d client_id=")
                .append(EmulatorDefaults.PLATFORM_TEAM_CLIENT_ID).append(" -d client_secret=").append(EmulatorDefaults.PLATFORM_TEAM_CLIENT_SECRET)
                .append(" --data-urlencode scope=").append(EmulatorDefaults.API_AUDIENCE).append("/.default ")
                .append(s.emulatorBase()).append('/').append(EmulatorDefaults.TENANT).append("/oauth2/v2.0/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n");
        out.append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(e.get("workspace-service")).append("/api/v1/workspaces\n");
        out.append("  curl -s ").append(s.emulatorAdmin()).append("/journal/count\n");
        out.append("\nLogs:\n");
        for (JavaProcess process : platform.processes()) {
            out.append(String.format("  %-18s %s%n", process.name(), process.logFile()));
        }
        return out.toString();
    }
}
