package dev.bricklayer.identity.workspace;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.events.workspace.ServicePrincipalSpec;
import dev.bricklayer.identity.scim.Entitlements;
import dev.bricklayer.identity.scim.ScimPrincipals;

/**
 * The groups and service principals Bricklayer manages in a workspace ({@code workspace_principals}): made to exist
 * with their entitlements ({@link ScimPrincipals}: created, or adopted on a 409) and their SCIM ids kept. Blocking:
 * call it on a workspace's worker.
 */
public class ManagedPrincipals {

    private static final Logger log = LoggerFactory.getLogger(ManagedPrincipals.class);

    private enum Kind { GROUP, SERVICE_PRINCIPAL }

    private final ScimPrincipals scim;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ManagedPrincipals(ScimPrincipals scim, JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.scim = scim;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Makes the group exist with exactly its entitlements; answers its SCIM id. */
    public String ensureGroup(WorkspaceRecord workspace, GroupSpec spec) {
        SortedSet<String> entitlements = Entitlements.wire(spec.entitlements());
        String id = scim.ensureGroup(workspace.target(), spec.name(), entitlements).block();
        save(workspace.name(), Kind.GROUP, spec.name(), id, entitlements);
        return id;
    }

    /** Makes the service principal exist, active, with exactly its entitlements; answers its SCIM id. */
    public String ensureServicePrincipal(WorkspaceRecord workspace, ServicePrincipalSpec spec) {
        SortedSet<String> entitlements = Entitlements.wire(spec.entitlements());
        String displayName = spec.displayName() != null ? spec.displayName() : spec.applicationId();
        String id = scim.ensureServicePrincipal(workspace.target(), spec.applicationId(), displayName, entitlements).block();
        save(workspace.name(), Kind.SERVICE_PRINCIPAL, spec.applicationId(), id, entitlements);
        return id;
    }

    /**
     * The SCIM ids of the workspace's managed groups by name; a group of the desired state not (or no longer) known is
     * made to exist first — one that cannot be made now is left out, and whoever needs it is tried again later.
     */
    public Map<String, String> groupIds(WorkspaceRecord workspace) {
        Map<String, String> ids = new LinkedHashMap<>(knownGroups(workspace.name()));
        for (GroupSpec spec : workspace.desiredState().groups()) {
            if (!ids.containsKey(spec.name())) {
                try {
                    ids.put(spec.name(), ensureGroup(workspace, spec));
                } catch (RuntimeException e) {
                    log.warn("Group {} of workspace {} cannot be made now: {}", spec.name(), workspace.name(), e.getMessage());
                }
            }
        }
        ids.keySet().retainAll(workspace.managedGroups());
        return ids;
    }

    /** The names of the managed groups known in the workspace, by SCIM id. */
    public Map<String, String> groupNames(String workspace) {
        Map<String, String> names = new HashMap<>();
        knownGroups(workspace).forEach((name, id) -> names.put(id, name));
        return names;
    }

    /** The group was deleted by hand: it is made again the next time it is needed. */
    public void forgetGroup(String workspace, String name) {
        jdbc.update("delete from workspace_principals where workspace_name = ? and kind = ? and name = ?", workspace, Kind.GROUP.name(), name);
    }

    private Map<String, String> knownGroups(String workspace) {
        Map<String, String> ids = new LinkedHashMap<>();
        jdbc.query("select name, scim_id from workspace_principals where workspace_name = ? and kind = ? order by name",
                (ResultSet rs) -> {
                    ids.put(rs.getString(1), rs.getString(2));
                }, workspace, Kind.GROUP.name());
        return ids;
    }

    private void save(String workspace, Kind kind, String name, String scimId, SortedSet<String> entitlements) {
        jdbc.update("""
                insert into workspace_principals (workspace_name, kind, name, scim_id, entitlements, updated_at) values (?, ?, ?, ?, ?::jsonb, ?)
                on conflict (workspace_name, kind, name) do update set scim_id = excluded.scim_id, entitlements = excluded.entitlements,
                    updated_at = excluded.updated_at
                """, workspace, kind.name(), name, scimId, json(List.copyOf(entitlements)), Timestamp.from(clock.instant()));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
