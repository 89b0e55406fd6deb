package dev.bricklayer.platform.run;

/**
 * The emulator's default tenant and client apps (its local test credentials, not real ones): the platform's service
 * principal the services run as, the platform team and the auditor who call the REST APIs, and the Bricklayer API
 * their tokens are for.
 */
public final class EmulatorDefaults {

    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String PLATFORM_CLIENT_ID = "6f1f4e8e-3a0c-4c39-9d5e-000000000001";
    public static final String PLATFORM_CLIENT_SECRET = "local-emulator-secret-change-me";
    public static final String PLATFORM_TEAM_CLIENT_ID = "6f1f4e8e-3a0c-4c39-9d5e-000000000003";
    public static final String PLATFORM_TEAM_CLIENT_SECRET = "local-emulator-secret-platform-team";
    public static final String AUDITOR_CLIENT_ID = "6f1f4e8e-3a0c-4c39-9d5e-000000000004";
    public static final String AUDITOR_CLIENT_SECRET = "local-emulator-secret-auditor";
    public static final String API_AUDIENCE = "api://6f1f4e8e-3a0c-4c39-9d5e-0000000000a1";
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000b1c0";
    /** The Azure Databricks account of the tenant; the platform's app is its account admin. */
    public static final String ACCOUNT = "a1b2c3d4-0000-4000-8000-00000000acc0";
    /** The region the local platform's workspaces are deployed to, with the account's Unity Catalog metastore there. */
    public static final String REGION = "westeurope";
    public static final String TRUST_STORE_PASSWORD = "changeit";

    /** The local test secret of each of the emulator's default apps, by client id. */
    public static final java.util.Map<String, String> SECRETS = java.util.Map.of(
            PLATFORM_CLIENT_ID, PLATFORM_CLIENT_SECRET,
            "6f1f4e8e-3a0c-4c39-9d5e-000000000002", "local-emulator-secret-no-role",
            PLATFORM_TEAM_CLIENT_ID, PLATFORM_TEAM_CLIENT_SECRET,
            AUDITOR_CLIENT_ID, AUDITOR_CLIENT_SECRET,
            "6f1f4e8e-3a0c-4c39-9d5e-0000000000a1", "local-emulator-secret-api");

    private EmulatorDefaults() {
    }
}
