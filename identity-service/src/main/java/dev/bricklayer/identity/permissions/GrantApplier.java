package dev.bricklayer.identity.permissions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.identity.AccessGranted;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.workspace.Grant;
import dev.bricklayer.common.events.workspace.PermissionLevel;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.permissions.GrantStore.GrantObject;
import dev.bricklayer.identity.permissions.PermissionsClient.AccessControl;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * Sets the access control lists the desired state's {@code grants} give an object: PATCH (add) by default; PUT
 * (replace every direct entry) when a grant of the object is {@code authoritative} — with {@code admins} kept at
 * {@code CAN_MANAGE} where the type has that level. Grants on {@code authorization/tokens} are token-service's and
 * left alone. {@code AccessGranted} per grant. A principal that does not exist yet (a user not provisioned, a
 * group being made) or a throttled call is tried again after a growing pause; a grant the service refuses for good
 * (a level the type does not have) is recorded as failed.
 */
public class GrantApplier {

    private static final Logger log = LoggerFactory.getLogger(GrantApplier.class);

    private final PermissionsClient permissions;
    private final GrantStore store;
    private final EventPublisher events;
    private final IdentityProperties properties;
    private final Clock clock;

    public GrantApplier(PermissionsClient permissions, GrantStore store, EventPublisher events, IdentityProperties properties, Clock clock) {
        this.permissions = permissions;
        this.store = store;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** The grants of the desired state for one object. */
    public static List<Grant> grantsFor(WorkspaceRecord workspace, PermissionObjectType type, String objectName) {
        return workspace.desiredState().grants().stream()
                .filter(g -> g.objectType() == type && g.objectName().equals(objectName) && !PermissionTable.NOT_OURS.contains(type))
                .toList();
    }

    /** Records the workspace-wide objects (fixed ids) the desired state has grants on. */
    public void announceWorkspaceWide(WorkspaceRecord workspace) {
        for (Grant grant : workspace.desiredState().grants()) {
            PermissionTable.Definition definition = PermissionTable.of(grant.objectType());
            if (definition != null && definition.workspaceWide() && !PermissionTable.NOT_OURS.contains(grant.objectType())) {
                store.announce(workspace.name(), grant.objectType(), grant.objectName(), definition.fixedId());
            } else if (definition != null && !definition.workspaceWide() && !PermissionTable.ANNOUNCED.contains(grant.objectType())) {
                log.warn("Workspace {}: the grant on {} '{}' waits for the object's id; nothing announces ids of {} objects yet",
                        workspace.name(), grant.objectType(), grant.objectName(), grant.objectType());
            }
        }
    }

    /** Outcome of applying the due objects of a workspace. */
    public record Outcome(int grantsApplied, List<String> permanentErrors) {
    }

    /** Applies every due object of a ready workspace; blocks (a worker thread). */
    public Outcome applyDue(WorkspaceRecord workspace) {
        int applied = 0;
        List<String> permanent = new ArrayList<>();
        for (GrantObject object : store.due(workspace.name())) {
            List<Grant> grants = grantsFor(workspace, object.type(), object.name());
            if (grants.isEmpty()) {
                store.applied(object, "none"); // the desired state grants nothing on it
                continue;
            }
            PermissionTable.Definition definition = PermissionTable.of(object.type());
            List<String> invalid = grants.stream().filter(g -> !definition.levels().contains(g.permissionLevel()))
                    .map(g -> g.permissionLevel() + " is not a level of " + definition.path() + " (" + definition.levels() + ")").toList();
            if (!invalid.isEmpty()) {
                String error = String.join("; ", invalid);
                store.failed(object, error);
                permanent.add(error);
                log.error("Workspace {}: grants on {} {} cannot be set: {}", workspace.name(), object.type(), object.name(), error);
                continue;
            }
            boolean authoritative = grants.stream().anyMatch(Grant::authoritative);
            List<AccessControl> entries = accessControlList(definition, grants);
            String hash = hash(object, authoritative, entries);
            try {
                if (authoritative) {
                    permissions.set(workspace.target(), definition.path(), object.id(), entries).block();
                } else {
                    permissions.update(workspace.target(), definition.path(), object.id(), entries).block();
                }
            } catch (ApiException e) {
                if (e.isRetryable() || e.isNotFound() || unknownPrincipal(e) || e.status() >= 500) {
                    store.retry(object, e.getMessage(), properties.backoff(object.attempts()));
                    log.warn("Workspace {}: grants on {} {} not set yet (attempt {}), retried later: {}", workspace.name(), object.type(),
                            object.name(), object.attempts() + 1, e.getMessage());
                } else {
                    store.failed(object, e.getMessage());
                    permanent.add(e.getMessage());
                    log.error("Workspace {}: grants on {} {} refused: {}", workspace.name(), object.type(), object.name(), e.getMessage());
                }
                continue;
            } catch (RuntimeException e) {
                store.retry(object, e.toString(), properties.backoff(object.attempts()));
                log.warn("Workspace {}: grants on {} {} not set yet, retried later: {}", workspace.name(), object.type(), object.name(), e.toString());
                continue;
            }
            store.applied(object, hash);
            Instant now = clock.instant();
            for (Grant grant : grants) {
                events.publish(IdentityTopics.EVENTS, workspace.name(), new AccessGranted(workspace.name(), object.type(), object.id(),
                        object.name(), grant.principalKind(), grant.principalName(), grant.permissionLevel(), now)).block();
            }
            applied += grants.size();
            log.info("Workspace {}: {} grants {} on {} {} ({})", workspace.name(), grants.size(), authoritative ? "set (PUT)" : "added (PATCH)",
                    object.type(), object.name(), object.id());
        }
        return new Outcome(applied, permanent);
    }

    /**
     * An ACL naming a principal the workspace does not have (yet) is answered 400 {@code INVALID_PARAMETER_VALUE}
     * ({@code Principal: GroupName(x) does not exist}). Levels are checked against {@link PermissionTable} before the
     * call, so that code here means a principal that may still come: a user being provisioned, a group being made.
     */
    static boolean unknownPrincipal(ApiException e) {
        return e.status() == 400 && "INVALID_PARAMETER_VALUE".equals(e.errorCode());
    }

    /**
     * The entries sent for an object's grants: one per grant, and — when the list replaces the ACL (a grant is
     * authoritative) — {@code admins} at {@code CAN_MANAGE} where the type has that level, so a PUT never locks the
     * workspace's admins out.
     */
    static List<AccessControl> accessControlList(PermissionTable.Definition definition, List<Grant> grants) {
        List<AccessControl> entries = new ArrayList<>(grants.stream().map(GrantApplier::entry).toList());
        boolean authoritative = grants.stream().anyMatch(Grant::authoritative);
        if (authoritative && definition.hasManage() && entries.stream().noneMatch(e -> "admins".equals(e.groupName()))) {
            entries.add(new AccessControl(null, "admins", null, PermissionLevel.CAN_MANAGE.name()));
        }
        return entries;
    }

    private static AccessControl entry(Grant grant) {
        String level = grant.permissionLevel().name();
        return switch (grant.principalKind()) {
            case USER -> new AccessControl(grant.principalName(), null, null, level);
            case GROUP -> new AccessControl(null, grant.principalName(), null, level);
            case SERVICE_PRINCIPAL -> new AccessControl(null, null, grant.principalName(), level);
        };
    }

    private static String hash(GrantObject object, boolean authoritative, List<AccessControl> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((object.type() + "|" + object.id() + "|" + authoritative + "|" + entries).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
