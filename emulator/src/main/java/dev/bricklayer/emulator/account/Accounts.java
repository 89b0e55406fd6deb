package dev.bricklayer.emulator.account;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.config.EmulatorProperties.Tenant;
import dev.bricklayer.emulator.directory.Directory;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.Resettable;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;

/**
 * The Azure Databricks accounts, one per tenant of the {@link Directory}: its id as configured, or a UUID derived from
 * the tenant id. A workspace belongs to the account of the tenant whose apps hold a role on it (the first account when
 * none does). The metastores of {@code emulator.accounts.metastores} are made at start. A reset forgets everything the
 * accounts learnt and makes those metastores again.
 */
@Component
public class Accounts implements Resettable {

    private final Directory directory;
    private final ObjectMapper mapper;
    private final EmulatorProperties properties;
    private final java.time.Clock clock;
    private final Map<String, Account> byId = new LinkedHashMap<>();

    public Accounts(Directory directory, ObjectMapper mapper, EmulatorProperties properties, java.time.Clock clock) {
        this.directory = directory;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
        reset();
    }

    @Override
    public synchronized void reset() {
        byId.clear();
        for (Tenant tenant : directory.tenants()) {
            EmulatorProperties.Account settings = tenant.account();
            String id = settings.id() != null && !settings.id().isBlank() ? settings.id().toLowerCase(Locale.ROOT)
                    : UUID.nameUUIDFromBytes(("account:" + tenant.id()).getBytes(StandardCharsets.UTF_8)).toString();
            byId.put(id, new Account(id, tenant.id(), settings.admins(), settings.automaticIdentityManagement(),
                    settings.groupListsWithMembers(), mapper));
        }
        for (EmulatorProperties.Metastore metastore : properties.accounts().metastores()) {
            Account account = metastore.tenant() == null ? byId.values().iterator().next()
                    : byId.values().stream().filter(a -> a.tenantId().equalsIgnoreCase(metastore.tenant())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("emulator.accounts.metastores: no tenant " + metastore.tenant()));
            Federation.metastores(account).create(metastore.name() != null ? metastore.name()
                    : "metastore-" + Metastores.normalise(metastore.region()), metastore.region(), null, null, "System user",
                    clock.millis());
        }
    }

    public synchronized Optional<Account> byId(String id) {
        return Optional.ofNullable(byId.get(id.toLowerCase(Locale.ROOT)));
    }

    /** The account, or 404 {@code RESOURCE_DOES_NOT_EXIST}. */
    public Account require(String id) {
        return byId(id).orElseThrow(() -> EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST",
                "Account " + id + " does not exist."));
    }

    public synchronized Collection<Account> all() {
        return java.util.List.copyOf(byId.values());
    }

    public synchronized Optional<Account> forTenant(String tenantId) {
        return byId.values().stream().filter(a -> a.tenantId().equalsIgnoreCase(tenantId)).findFirst();
    }

    /** The account a workspace belongs to. */
    public Account forWorkspace(EmulatedWorkspace workspace) {
        String resource = workspace.resourceId().toLowerCase(Locale.ROOT);
        return directory.roleAssignments().stream()
                .filter(a -> resource.startsWith(a.scope().toLowerCase(Locale.ROOT)))
                .map(a -> directory.tenantOf(a.principalId()))
                .flatMap(Optional::stream)
                .map(t -> forTenant(t.id()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> all().iterator().next());
    }
}
