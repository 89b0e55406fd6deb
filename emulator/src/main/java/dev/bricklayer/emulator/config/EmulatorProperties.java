package dev.bricklayer.emulator.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the emulator ({@code emulator.*}).
 *
 * @param bindAddress                the address every server listens on
 * @param hostname                   the host name in every URL the emulator hands out (and in its certificate)
 * @param port                       HTTPS port of Entra ID and ARM; 0 = any free port
 * @param adminPort                  HTTP port of the admin API; 0 = any free port
 * @param tokenLifetime              lifetime of issued AAD access tokens
 * @param deploymentDuration         how long an ARM deployment (and a workspace create) takes to finish
 * @param clusterStartDuration       how long a cluster takes from PENDING to RUNNING
 * @param workspaceRequestsPerSecond per-workspace request budget; beyond it requests get 429 (30: [K] reference §3.0)
 * @param scimConcurrency            SCIM requests a workspace serves at once (4: the emulator's choice, no source gives one)
 * @param scimLimitStatus            the status beyond it, with {@code REQUEST_LIMIT_EXCEEDED} (429: [K] reference §3.0; 500 is also seen)
 * @param trustSourceAddressHeader   take the caller's source address from {@code X-Forwarded-For} (tests only)
 * @param tokenPermissionsNeedAToken token permissions ({@code /authorization/tokens}) answer 404 until the workspace
 *                                   has at least one personal access token, as Databricks does
 * @param trustStorePath             where the emulator writes a PKCS12 trust store holding its certificate
 * @param trustStorePassword         the trust store's password
 * @param faultSeed                  seed of fault injection's random choices, so a run can be repeated
 * @param databricksRegions          the Azure regions where ARM accepts an Azure Databricks workspace (names as in
 *                                   {@code location}; case and spaces do not count). The default is the list of
 *                                   https://learn.microsoft.com/azure/databricks/resources/supported-regions
 * @param tenants                    the Entra ID tenants, their service principals, subscriptions and role assignments
 * @param accounts                   the Azure Databricks accounts (one per tenant): their host, metastores and limits
 * @param computeModeErrorCode       the ARM error code of a workspace refused for its {@code computeMode} or a property its
 *                                   compute mode does not take (api-version 2025-10-01-preview on; [K] reference §7.9)
 * @param managedIdentityHeader      the value the App Service style managed-identity endpoint ({@code /msi/token})
 *                                   expects in {@code X-IDENTITY-HEADER} (App Service's {@code IDENTITY_HEADER})
 */
@Validated
@ConfigurationProperties("emulator")
public record EmulatorProperties(
        @DefaultValue("127.0.0.1") @NotBlank String bindAddress,
        @DefaultValue("localhost") @NotBlank String hostname,
        @DefaultValue("8443") @Min(0) @Max(65535) int port,
        @DefaultValue("8444") @Min(0) @Max(65535) int adminPort,
        @DefaultValue("599s") @NotNull Duration tokenLifetime,
        @DefaultValue("3s") @NotNull Duration deploymentDuration,
        @DefaultValue("2s") @NotNull Duration clusterStartDuration,
        @DefaultValue("30") @Min(1) int workspaceRequestsPerSecond,
        @DefaultValue("4") @Min(1) int scimConcurrency,
        @DefaultValue("429") @Min(400) @Max(599) int scimLimitStatus,
        @DefaultValue("false") boolean trustSourceAddressHeader,
        @DefaultValue("true") boolean tokenPermissionsNeedAToken,
        @DefaultValue("target/emulator-truststore.p12") @NotBlank String trustStorePath,
        @DefaultValue("changeit") @NotBlank String trustStorePassword,
        @DefaultValue("42") long faultSeed,
        @DefaultValue({"australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "brazilsouth",
                "canadacentral", "canadaeast", "centralindia", "centralus", "chinaeast2", "chinaeast3", "chinanorth2",
                "chinanorth3", "eastasia", "eastus", "eastus2", "eastus2euap", "francecentral", "germanywestcentral",
                "japaneast", "japanwest", "koreacentral", "mexicocentral", "northcentralus", "northeurope", "norwayeast",
                "qatarcentral", "southafricanorth", "southcentralus", "southeastasia", "southindia", "swedencentral",
                "switzerlandnorth", "switzerlandwest", "uaenorth", "uksouth", "ukwest", "usgovarizona", "usgovvirginia",
                "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3"}) @NotEmpty List<String> databricksRegions,
        @DefaultValue @Valid List<Tenant> tenants,
        @DefaultValue @Valid Accounts accounts,
        @DefaultValue("InvalidRequestContent") @NotBlank String computeModeErrorCode,
        @DefaultValue("local-emulator-identity-header") @NotBlank String managedIdentityHeader) {

    @ConstructorBinding
    public EmulatorProperties {
    }

    /** The settings without an account section: the accounts' defaults ({@link Accounts#defaults()}). */
    public EmulatorProperties(String bindAddress, String hostname, int port, int adminPort, Duration tokenLifetime,
                              Duration deploymentDuration, Duration clusterStartDuration, int workspaceRequestsPerSecond,
                              int scimConcurrency, int scimLimitStatus, boolean trustSourceAddressHeader,
                              boolean tokenPermissionsNeedAToken, String trustStorePath, String trustStorePassword, long faultSeed,
                              List<String> databricksRegions, List<Tenant> tenants) {
        this(bindAddress, hostname, port, adminPort, tokenLifetime, deploymentDuration, clusterStartDuration,
                workspaceRequestsPerSecond, scimConcurrency, scimLimitStatus, trustSourceAddressHeader, tokenPermissionsNeedAToken,
                trustStorePath, trustStorePassword, faultSeed, databricksRegions, tenants, Accounts.defaults(), "InvalidRequestContent",
                "local-emulator-identity-header");
    }

    /**
     * An Entra ID tenant.
     *
     * @param id                tenant id (GUID)
     * @param domain            optional domain name that also names the tenant in token URLs
     * @param servicePrincipals the apps that may get tokens
     * @param roleAssignments   Azure RBAC role assignments (scope = subscription, resource group or resource id)
     */
    public record Tenant(@NotBlank String id, String domain, @DefaultValue @Valid List<ServicePrincipal> servicePrincipals,
                         @DefaultValue @Valid List<RoleAssignment> roleAssignments, @DefaultValue @Valid Account account) {

        @ConstructorBinding
        public Tenant {
        }

        public Tenant(String id, String domain, List<ServicePrincipal> servicePrincipals, List<RoleAssignment> roleAssignments) {
            this(id, domain, servicePrincipals, roleAssignments, new Account(null, List.of(), false, false));
        }
    }

    /**
     * The Azure Databricks account of a tenant (every account since November 2023 is identity-federated).
     *
     * @param id                          the account id (a UUID); when not given, one derived from the tenant id
     * @param admins                      client ids of the service principals that are account admins
     * @param automaticIdentityManagement whether the account syncs identities from Entra ID automatically (the
     *                                    {@code resolve-by-external-id} calls work only then)
     * @param groupListsWithMembers       {@code GET /Groups} still lists {@code members}, as for accounts older than
     *                                    the change of 2025-08-22 (reference §7.2)
     */
    public record Account(String id, @DefaultValue List<String> admins, @DefaultValue("false") boolean automaticIdentityManagement,
                          @DefaultValue("false") boolean groupListsWithMembers) {
    }

    /**
     * The account host and what every account has.
     *
     * @param port                  HTTPS port of the account host ({@code https://accounts.azuredatabricks.net}); -1 =
     *                              {@code port} + 2, or any free port when {@code port} is 0
     * @param metastores            Unity Catalog metastores made at start, one per region of an account
     * @param autoAssignMetastore   a new workspace in a region where its account has a metastore gets it assigned (and
     *                              so is identity-federated), as Azure does since November 2023
     * @param patStatus             the status a personal access token gets on the account host ([K] reference §7.1)
     * @param nonAdminStatus        the status a caller who is not an account admin gets ([K] reference §7.1)
     * @param scimGetPerSecond      account SCIM GET of one resource per second and account ([K] reference §7.6)
     * @param scimListPerSecond     account SCIM lists per second ([K] reference §7.6)
     * @param scimPatchPerSecond    account SCIM PATCH per second ([K] reference §7.6)
     * @param scimWritePerSecond    account SCIM POST, PUT and DELETE per second ([K] reference §7.6)
     * @param otherPerSecond        any other account API per second (no published number: the emulator's choice)
     * @param notFoundStatus        the status of Unity Catalog's {@code CATALOG_DOES_NOT_EXIST}, {@code SCHEMA_DOES_NOT_EXIST},
     *                              {@code TABLE_DOES_NOT_EXIST} and {@code PRINCIPAL_DOES_NOT_EXIST} ([K] reference §7.8)
     */
    public record Accounts(@DefaultValue("-1") @Min(-1) @Max(65535) int port, @DefaultValue @Valid List<Metastore> metastores,
                           @DefaultValue("true") boolean autoAssignMetastore,
                           @DefaultValue("401") @Min(400) @Max(499) int patStatus,
                           @DefaultValue("403") @Min(400) @Max(499) int nonAdminStatus,
                           @DefaultValue("20") @Min(1) int scimGetPerSecond, @DefaultValue("240") @Min(1) int scimListPerSecond,
                           @DefaultValue("2") @Min(1) int scimPatchPerSecond, @DefaultValue("5") @Min(1) int scimWritePerSecond,
                           @DefaultValue("20") @Min(1) int otherPerSecond,
                           @DefaultValue("404") @Min(400) @Max(499) int notFoundStatus) {

        /** What {@code emulator.accounts} is when nothing of it is configured. */
        public static Accounts defaults() {
            return new Accounts(-1, List.of(), true, 401, 403, 20, 240, 2, 5, 20, 404);
        }
    }

    /**
     * A Unity Catalog metastore made at start.
     *
     * @param region region (as a workspace's {@code location})
     * @param name   name; {@code metastore-<region>} when not given
     * @param tenant the tenant whose account holds it; the first tenant when not given
     */
    public record Metastore(@NotBlank String region, String name, String tenant) {
    }

    /**
     * A service principal (app registration) of a tenant.
     *
     * @param clientId             application (client) id
     * @param objectId             object id of the service principal
     * @param displayName          display name
     * @param secret               client secret; never printed
     * @param certificate          optional PEM certificate: client assertions signed by its key are accepted
     * @param appRoles             app roles put into the token's {@code roles} claim
     * @param federatedCredentials federated identity credentials: tokens of these external issuers are accepted as
     *                             client assertions (workload identity federation)
     * @param managedIdentity      the app is a managed identity: the managed-identity endpoints hand out its tokens
     */
    public record ServicePrincipal(@NotBlank String clientId, @NotBlank String objectId, @NotBlank String displayName,
                                   String secret, String certificate, @DefaultValue List<String> appRoles,
                                   @DefaultValue @Valid List<FederatedCredential> federatedCredentials,
                                   @DefaultValue("false") boolean managedIdentity) {

        @ConstructorBinding
        public ServicePrincipal {
        }

        /** An app registration signing in with a secret or a certificate only. */
        public ServicePrincipal(String clientId, String objectId, String displayName, String secret, String certificate,
                                List<String> appRoles) {
            this(clientId, objectId, displayName, secret, certificate, appRoles, List.of(), false);
        }

        @Override
        public String toString() {
            return "ServicePrincipal[clientId=" + clientId + ", displayName=" + displayName + ", secret=***]";
        }
    }

    /**
     * A federated identity credential of an app, as Entra ID keeps them: a token whose {@code iss} and {@code sub} equal
     * these (case-sensitive) and whose {@code aud} holds one of {@code audiences} stands for the app.
     *
     * @param name      the credential's name (unique per app)
     * @param issuer    the external issuer's URL, e.g. {@code https://localhost:8443/oidc/local-cluster}
     * @param subject   the subject, e.g. {@code system:serviceaccount:bricklayer:identity-service}
     * @param audiences accepted audiences; {@code api://AzureADTokenExchange} when not given
     */
    public record FederatedCredential(@NotBlank String name, @NotBlank String issuer, @NotBlank String subject,
                                      @DefaultValue("api://AzureADTokenExchange") List<String> audiences) {

        /** The audience Entra ID recommends for federated identity credentials. */
        public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

        public FederatedCredential {
            audiences = audiences == null || audiences.isEmpty() ? List.of(TOKEN_EXCHANGE_AUDIENCE) : List.copyOf(audiences);
        }
    }

    /**
     * @param principalId the service principal's object id or client id
     * @param role        {@code Owner}, {@code Contributor} or {@code Reader}
     * @param scope       {@code /subscriptions/{id}}, {@code /subscriptions/{id}/resourceGroups/{rg}} or a resource id
     */
    public record RoleAssignment(@NotBlank String principalId, @NotBlank String role, @NotBlank String scope) {
    }
}
