package dev.bricklayer.platform;

import java.net.URI;
import java.util.Map;

import dev.bricklayer.platform.run.EmulatorDefaults;
import dev.bricklayer.platform.run.JavaProcess;
import dev.bricklayer.platform.run.LocalPlatform;
import dev.bricklayer.platform.run.PlatformSettings;

/** What {@code ./bricklayer up} prints: every endpoint, the local credentials, and commands to try. */
final class Endpoints {

    private Endpoints() {
    }

    static String describe(LocalPlatform platform) {
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
        out.append("\nLocal credentials (the emulator's own test apps; nothing here is a real secret):\n");
        out.append("  tenant             ").append(EmulatorDefaults.TENANT).append('\n');
        out.append("  platform team app  ").append(EmulatorDefaults.PLATFORM_TEAM_CLIENT_ID).append(" / ")
                .append(EmulatorDefaults.PLATFORM_TEAM_CLIENT_SECRET).append("  (Workspace.*, Security.*, People.Read, Tokens.*)\n");
        out.append("  auditor app        ").append(EmulatorDefaults.AUDITOR_CLIENT_ID).append(" / ")
                .append(EmulatorDefaults.AUDITOR_CLIENT_SECRET).append("  (Audit.Read and the .Read roles)\n");
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
