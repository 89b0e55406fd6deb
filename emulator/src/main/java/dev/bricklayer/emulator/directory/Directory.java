package dev.bricklayer.emulator.directory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.config.EmulatorProperties.FederatedCredential;
import dev.bricklayer.emulator.config.EmulatorProperties.RoleAssignment;
import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;

/**
 * Entra ID's view of the world as configured: tenants, their service principals, and Azure RBAC role
 * assignments. The admin API may add to it at run time.
 */
@Component
public class Directory {

    /** Roles that may write resources (deploy, create workspaces, be auto-added as workspace admin). */
    public static final Set<String> WRITER_ROLES = Set.of("owner", "contributor");

    private final Map<String, Tenant> tenantsByIdOrDomain = new ConcurrentHashMap<>();
    private final List<Tenant> tenants = new CopyOnWriteArrayList<>();
    private final List<RoleAssignment> roleAssignments = new CopyOnWriteArrayList<>();
    private final List<Person> people = new CopyOnWriteArrayList<>();
    private final List<DirectoryGroup> groups = new CopyOnWriteArrayList<>();
    private final Map<String, List<FederatedCredential>> addedFederatedCredentials = new ConcurrentHashMap<>();

    /**
     * The tenant used when the configuration names none: the platform app with Contributor on one subscription, an
     * app without roles, two client apps with Bricklayer API roles (platform team: {@code Workspace.Request},
     * {@code Workspace.Read}, {@code Security.Operate}, {@code Security.Read}, {@code People.Read}, {@code Tokens.Operate},
     * {@code Tokens.Read}; auditor: the {@code .Read} roles and {@code Audit.Read}), and {@code bricklayer-api}, the API those roles are for (tokens: {@code api://<its id>}).
     */
    public static final Tenant DEFAULT_TENANT = new Tenant("72f988bf-86f1-41af-91ab-2d7cd011db47", "bricklayer.example",
            List.of(new ServicePrincipal("6f1f4e8e-3a0c-4c39-9d5e-000000000001", "0a1b2c3d-0000-4000-8000-000000000001",
                            "bricklayer-platform", "local-emulator-secret-change-me", null, List.of()),
                    new ServicePrincipal("6f1f4e8e-3a0c-4c39-9d5e-000000000002", "0a1b2c3d-0000-4000-8000-000000000002",
                            "no-role-app", "local-emulator-secret-no-role", null, List.of()),
                    new ServicePrincipal("6f1f4e8e-3a0c-4c39-9d5e-000000000003", "0a1b2c3d-0000-4000-8000-000000000003",
                            "platform-team-app", "local-emulator-secret-platform-team", null,
                            List.of("Workspace.Request", "Workspace.Read", "Security.Operate", "Security.Read", "People.Read",
                                    "Tokens.Operate", "Tokens.Read")),
                    new ServicePrincipal("6f1f4e8e-3a0c-4c39-9d5e-000000000004", "0a1b2c3d-0000-4000-8000-000000000004",
                            "auditor-app", "local-emulator-secret-auditor", null,
                            List.of("Workspace.Read", "Audit.Read", "Security.Read", "People.Read", "Tokens.Read")),
                    new ServicePrincipal("6f1f4e8e-3a0c-4c39-9d5e-0000000000a1", "0a1b2c3d-0000-4000-8000-0000000000a1",
                            "bricklayer-api", "local-emulator-secret-api", null, List.of())),
            List.of(new RoleAssignment("6f1f4e8e-3a0c-4c39-9d5e-000000000001", "Contributor",
                    "/subscriptions/00000000-0000-0000-0000-00000000b1c0")),
            new EmulatorProperties.Account(Directory.DEFAULT_ACCOUNT, List.of("6f1f4e8e-3a0c-4c39-9d5e-000000000001"), false, false));

    /** The Azure Databricks account of the default tenant; the platform app is its account admin. */
    public static final String DEFAULT_ACCOUNT = "a1b2c3d4-0000-4000-8000-00000000acc0";

    public Directory(EmulatorProperties properties) {
        (properties.tenants().isEmpty() ? List.of(DEFAULT_TENANT) : properties.tenants()).forEach(this::addTenant);
    }

    public void addTenant(Tenant tenant) {
        tenants.add(tenant);
        tenantsByIdOrDomain.put(tenant.id().toLowerCase(Locale.ROOT), tenant);
        if (tenant.domain() != null) {
            tenantsByIdOrDomain.put(tenant.domain().toLowerCase(Locale.ROOT), tenant);
        }
        roleAssignments.addAll(tenant.roleAssignments());
    }

    public List<Tenant> tenants() {
        return List.copyOf(tenants);
    }

    /** A tenant by its id or domain, as a token URL names it. */
    public Optional<Tenant> tenant(String idOrDomain) {
        return Optional.ofNullable(tenantsByIdOrDomain.get(idOrDomain.toLowerCase(Locale.ROOT)));
    }

    public Optional<ServicePrincipal> servicePrincipal(Tenant tenant, String clientId) {
        return tenant.servicePrincipals().stream().filter(sp -> sp.clientId().equalsIgnoreCase(clientId)).findFirst();
    }

    /** A service principal of any tenant, by client id. */
    public Optional<ServicePrincipal> servicePrincipal(String clientId) {
        return tenants.stream().flatMap(t -> t.servicePrincipals().stream())
                .filter(sp -> sp.clientId().equalsIgnoreCase(clientId)).findFirst();
    }

    /** The app's federated identity credentials: configured ones, then those added at run time. */
    public List<FederatedCredential> federatedCredentials(ServicePrincipal app) {
        List<FederatedCredential> added = addedFederatedCredentials.getOrDefault(app.clientId().toLowerCase(Locale.ROOT), List.of());
        return java.util.stream.Stream.concat(app.federatedCredentials().stream(), added.stream()).toList();
    }

    /**
     * Adds a federated identity credential to an app, as Microsoft Graph's {@code federatedIdentityCredentials} does;
     * one of the same name is replaced.
     */
    public void addFederatedCredential(ServicePrincipal app, FederatedCredential credential) {
        addedFederatedCredentials.compute(app.clientId().toLowerCase(Locale.ROOT), (id, list) -> {
            List<FederatedCredential> next = new java.util.ArrayList<>(list == null ? List.of() : list);
            next.removeIf(existing -> existing.name().equals(credential.name()));
            next.add(credential);
            return List.copyOf(next);
        });
    }

    /**
     * A managed identity ({@code managedIdentity: true}) by client id, or the first one configured when
     * {@code clientId} is {@code null} (the host's system-assigned identity).
     */
    public Optional<ServicePrincipal> managedIdentity(String clientId) {
        return tenants.stream().flatMap(t -> t.servicePrincipals().stream())
                .filter(ServicePrincipal::managedIdentity)
                .filter(sp -> clientId == null || sp.clientId().equalsIgnoreCase(clientId))
                .findFirst();
    }

    public void addRoleAssignment(RoleAssignment assignment) {
        roleAssignments.add(assignment);
    }

    public List<RoleAssignment> roleAssignments() {
        return List.copyOf(roleAssignments);
    }

    /**
     * Whether the principal (client id or object id) holds Owner or Contributor on {@code resourceId} — an
     * assignment on the resource itself, its resource group or its subscription (Azure RBAC inheritance).
     */
    public boolean canWrite(ServicePrincipal principal, String resourceId) {
        String target = normalise(resourceId);
        return roleAssignments.stream()
                .filter(a -> a.principalId().equalsIgnoreCase(principal.clientId())
                        || a.principalId().equalsIgnoreCase(principal.objectId()))
                .filter(a -> WRITER_ROLES.contains(a.role().toLowerCase(Locale.ROOT)))
                .map(a -> normalise(a.scope()))
                .anyMatch(scope -> target.equals(scope) || target.startsWith(scope + "/"));
    }

    /** Whether the principal holds any role (Reader included) on {@code resourceId} or a scope above it. */
    public boolean canRead(ServicePrincipal principal, String resourceId) {
        String target = normalise(resourceId);
        return roleAssignments.stream()
                .filter(a -> a.principalId().equalsIgnoreCase(principal.clientId())
                        || a.principalId().equalsIgnoreCase(principal.objectId()))
                .map(a -> normalise(a.scope()))
                .anyMatch(scope -> target.equals(scope) || target.startsWith(scope + "/") || scope.startsWith(target + "/"));
    }

    /** Adds a person (a user object of the tenant), replacing one with the same object id. */
    public void addPerson(Person person) {
        people.removeIf(p -> p.tenantId().equalsIgnoreCase(person.tenantId()) && p.objectId().equalsIgnoreCase(person.objectId()));
        people.add(person);
    }

    /** Adds a security group of the tenant, replacing one with the same object id. */
    public void addGroup(DirectoryGroup group) {
        groups.removeIf(g -> g.tenantId().equalsIgnoreCase(group.tenantId()) && g.objectId().equalsIgnoreCase(group.objectId()));
        groups.add(group);
    }

    public List<Person> people(String tenantId) {
        return people.stream().filter(p -> p.tenantId().equalsIgnoreCase(tenantId)).toList();
    }

    public List<DirectoryGroup> groups(String tenantId) {
        return groups.stream().filter(g -> g.tenantId().equalsIgnoreCase(tenantId)).toList();
    }

    public Optional<Person> person(String tenantId, String objectId) {
        return people(tenantId).stream().filter(p -> p.objectId().equalsIgnoreCase(objectId)).findFirst();
    }

    public Optional<DirectoryGroup> group(String tenantId, String objectId) {
        return groups(tenantId).stream().filter(g -> g.objectId().equalsIgnoreCase(objectId)).findFirst();
    }

    /** A service principal of a tenant by its object id. */
    public Optional<ServicePrincipal> servicePrincipalByObjectId(String tenantId, String objectId) {
        return tenant(tenantId).stream().flatMap(t -> t.servicePrincipals().stream())
                .filter(sp -> sp.objectId().equalsIgnoreCase(objectId)).findFirst();
    }

    /** The tenant an app (client id or object id) belongs to. */
    public Optional<Tenant> tenantOf(String clientId) {
        return tenants.stream().filter(t -> t.servicePrincipals().stream().anyMatch(sp -> sp.clientId().equalsIgnoreCase(clientId)
                        || sp.objectId().equalsIgnoreCase(clientId)))
                .findFirst();
    }

    private static String normalise(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
