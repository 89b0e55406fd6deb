package dev.bricklayer.identity.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.events.workspace.ServicePrincipalSpec;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.scim.Entitlements;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimServicePrincipalsClient;
import reactor.core.publisher.Mono;

/**
 * The groups and service principals of a desired state, made to exist with their entitlements: created, or — when
 * the workspace already has one by that name or application id (a 409) — read back, adopted and corrected. Their
 * SCIM ids are kept in {@link WorkspaceStore}.
 */
public class ManagedPrincipals {

    private static final Logger log = LoggerFactory.getLogger(ManagedPrincipals.class);

    private final ScimGroupsClient groups;
    private final ScimServicePrincipalsClient servicePrincipals;
    private final WorkspaceStore store;

    public ManagedPrincipals(ScimGroupsClient groups, ScimServicePrincipalsClient servicePrincipals, WorkspaceStore store) {
        this.groups = groups;
        this.servicePrincipals = servicePrincipals;
        this.store = store;
    }

    /** Makes the group exist with exactly its entitlements; answers its SCIM id. Blocks: call it on a worker thread. */
    public String ensureGroup(WorkspaceRecord workspace, GroupSpec spec) {
        WorkspaceTarget target = workspace.target();
        SortedSet<String> entitlements = Entitlements.wire(spec.entitlements());
        String id = groups.create(target, new ScimModel.NewGroup(List.of(ScimModel.GROUP_SCHEMA), spec.name(), ScimModel.values(entitlements)))
                .map(ScimModel.Group::id)
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adoptGroup(target, spec.name(), entitlements) : Mono.error(e))
                .block();
        store.savePrincipal(workspace.name(), WorkspaceStore.Kind.GROUP, spec.name(), id, List.copyOf(entitlements));
        return id;
    }

    private Mono<String> adoptGroup(WorkspaceTarget target, String name, SortedSet<String> entitlements) {
        return groups.findByDisplayName(target, name).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new IllegalStateException("Group " + name + " answered 409 on create but cannot be found"));
            }
            ScimModel.Group group = found.get();
            List<Operation> operations = entitlementChanges(Entitlements.of(group.entitlements()), entitlements);
            log.info("Adopting existing group {} ({}) in {}", name, group.id(), target.name());
            return operations.isEmpty() ? Mono.just(group.id()) : groups.patch(target, group.id(), operations).thenReturn(group.id());
        });
    }

    /** Makes the service principal exist, active, with exactly its entitlements; answers its SCIM id. Blocks. */
    public String ensureServicePrincipal(WorkspaceRecord workspace, ServicePrincipalSpec spec) {
        WorkspaceTarget target = workspace.target();
        SortedSet<String> entitlements = Entitlements.wire(spec.entitlements());
        String displayName = spec.displayName() != null ? spec.displayName() : spec.applicationId();
        String id = servicePrincipals.create(target, new ScimModel.NewServicePrincipal(List.of(ScimModel.SERVICE_PRINCIPAL_SCHEMA),
                        spec.applicationId(), displayName, true, ScimModel.values(entitlements)))
                .map(ScimModel.ServicePrincipal::id)
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adoptServicePrincipal(target, spec.applicationId(), entitlements)
                        : Mono.error(e))
                .block();
        store.savePrincipal(workspace.name(), WorkspaceStore.Kind.SERVICE_PRINCIPAL, spec.applicationId(), id, List.copyOf(entitlements));
        return id;
    }

    private Mono<String> adoptServicePrincipal(WorkspaceTarget target, String applicationId, SortedSet<String> entitlements) {
        return servicePrincipals.findByApplicationId(target, applicationId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new IllegalStateException("Service principal " + applicationId
                        + " answered 409 on create but cannot be found"));
            }
            ScimModel.ServicePrincipal principal = found.get();
            List<Operation> operations = new ArrayList<>();
            if (Boolean.FALSE.equals(principal.active())) {
                operations.add(Operation.replace("active", true));
            }
            operations.addAll(entitlementChanges(Entitlements.of(principal.entitlements()), entitlements));
            log.info("Adopting existing service principal {} ({}) in {}", applicationId, principal.id(), target.name());
            return operations.isEmpty() ? Mono.just(principal.id())
                    : servicePrincipals.patch(target, principal.id(), operations).thenReturn(principal.id());
        });
    }

    /** The operations that make {@code actual} entitlements {@code desired}: one replace, or one remove of all. */
    static List<Operation> entitlementChanges(SortedSet<String> actual, SortedSet<String> desired) {
        if (actual.equals(desired)) {
            return List.of();
        }
        if (desired.isEmpty()) {
            return List.of(Operation.remove("entitlements", null));
        }
        return List.of(Operation.replace("entitlements", ScimModel.values(desired)));
    }
}
