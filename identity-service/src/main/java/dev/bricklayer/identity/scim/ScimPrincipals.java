package dev.bricklayer.identity.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import reactor.core.publisher.Mono;

/**
 * Groups and service principals made to exist with exactly their entitlements, with the SCIM idiom a 409 calls
 * for: created, or — when the workspace already has one by that display name or application id — read back
 * ({@code filter=displayName eq "…"}, {@code filter=applicationId eq "…"}), adopted and corrected (a service
 * principal also reactivated). Answers the SCIM id.
 */
public class ScimPrincipals {

    private static final Logger log = LoggerFactory.getLogger(ScimPrincipals.class);

    private final ScimGroupsClient groups;
    private final ScimServicePrincipalsClient servicePrincipals;

    public ScimPrincipals(ScimGroupsClient groups, ScimServicePrincipalsClient servicePrincipals) {
        this.groups = groups;
        this.servicePrincipals = servicePrincipals;
    }

    /** The group {@code name} with exactly {@code entitlements} (SCIM values). */
    public Mono<String> ensureGroup(WorkspaceTarget target, String name, SortedSet<String> entitlements) {
        return groups.create(target, new ScimModel.NewGroup(List.of(ScimModel.GROUP_SCHEMA), name, ScimModel.values(entitlements)))
                .map(ScimModel.Group::id)
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adoptGroup(target, name, entitlements) : Mono.error(e));
    }

    /** The service principal {@code applicationId}, active, with exactly {@code entitlements}. */
    public Mono<String> ensureServicePrincipal(WorkspaceTarget target, String applicationId, String displayName,
                                               SortedSet<String> entitlements) {
        return servicePrincipals.create(target, new ScimModel.NewServicePrincipal(List.of(ScimModel.SERVICE_PRINCIPAL_SCHEMA),
                        applicationId, displayName, true, ScimModel.values(entitlements)))
                .map(ScimModel.ServicePrincipal::id)
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adoptServicePrincipal(target, applicationId, entitlements)
                        : Mono.error(e));
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
    public static List<Operation> entitlementChanges(SortedSet<String> actual, SortedSet<String> desired) {
        if (actual.equals(desired)) {
            return List.of();
        }
        if (desired.isEmpty()) {
            return List.of(Operation.remove("entitlements", null));
        }
        return List.of(Operation.replace("entitlements", ScimModel.values(desired)));
    }
}
