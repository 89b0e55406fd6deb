package dev.bricklayer.emulator.admin;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.tls.EmulatorTls;

/**
 * Prints, once the servers listen, what a person needs to use the emulator: endpoints, tenants and client
 * ids, how to trust its certificate, and a ready {@code curl} for a token. The client secrets printed are
 * the emulator's own local test credentials from its configuration, never a real one.
 */
@Component
public class StartupBanner implements ApplicationRunner {

    private final EmulatorServers servers;
    private final EmulatorProperties properties;
    private final EmulatorTls tls;
    private final dev.bricklayer.emulator.directory.Directory directory;

    public StartupBanner(EmulatorServers servers, EmulatorProperties properties, EmulatorTls tls,
                         dev.bricklayer.emulator.directory.Directory directory) {
        this.servers = servers;
        this.properties = properties;
        this.tls = tls;
        this.directory = directory;
    }

    @Override
    public void run(ApplicationArguments args) {
        System.out.println(text());
    }

    String text() {
        String main = servers.mainBaseUrl();
        StringBuilder out = new StringBuilder();
        out.append("\n=== Bricklayer emulator (Entra ID, ARM, Azure Databricks) ===\n");
        out.append("Entra ID authority : ").append(main).append("/{tenant}   (MSAL4J: oidcAuthority(\"")
                .append(main).append("/{tenant}/v2.0\"), instanceDiscovery(false))\n");
        out.append("ARM                : ").append(main).append('\n');
        out.append("Account host       : ").append(servers.accountBaseUrl())
                .append("   (stands for https://accounts.azuredatabricks.net; Entra ID tokens of account admins)\n");
        out.append("Admin API          : ").append(servers.adminBaseUrl()).append("/admin  (journal, faults, seeding, reset)\n");
        out.append("Workspaces         : each gets its own https://").append(properties.hostname())
                .append(":<port>, the workspaceUrl ARM returns\n");
        out.append("Trust store        : ").append(tls.trustStorePath()).append(" (PKCS12, password '")
                .append(properties.trustStorePassword()).append("')\n");
        out.append("                     curl --cacert: keytool -exportcert -rfc -alias bricklayer-emulator -keystore ")
                .append(tls.trustStorePath()).append(" -storepass ").append(properties.trustStorePassword())
                .append(" > emulator.pem\n");
        for (Tenant tenant : directory.tenants()) {
            out.append("Tenant ").append(tenant.id()).append(tenant.domain() != null ? " (" + tenant.domain() + ")" : "").append('\n');
            for (ServicePrincipal sp : tenant.servicePrincipals()) {
                out.append("  client id ").append(sp.clientId()).append("  ").append(sp.displayName()).append('\n');
            }
        }
        if (!directory.tenants().isEmpty() && !directory.tenants().get(0).servicePrincipals().isEmpty()) {
            Tenant tenant = directory.tenants().get(0);
            ServicePrincipal sp = tenant.servicePrincipals().get(0);
            out.append("A token for Azure Databricks (local test credentials from the emulator's configuration):\n");
            out.append("  curl --cacert emulator.pem -d grant_type=client_credentials -d client_id=").append(sp.clientId())
                    .append(" --data-urlencode client_secret=").append(sp.secret() == null ? "<secret>" : sp.secret())
                    .append(" --data-urlencode scope=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default ")
                    .append(main).append('/').append(tenant.id()).append("/oauth2/v2.0/token\n");
        }
        return out.toString();
    }
}
