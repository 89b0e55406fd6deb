package dev.bricklayer.identity.people;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The users of a leaver Bricklayer never provisioned (made by hand before Bricklayer came): every ready workspace is
 * asked for a user of the leaver's {@code userName}, and where one exists it is recorded as the person's (adopted,
 * with the managed groups it is in), so that convergence deactivates it and takes it out of those groups. A
 * workspace that cannot be asked fails the lookup, and the event is tried again.
 */
public class UnknownLeavers {

    private static final int LOOKUPS_AT_ONCE = 8;

    private final WorkspaceStore workspaces;
    private final ManagedPrincipals principals;
    private final ScimUsersClient users;
    private final AccessStore access;
    private final Clock clock;

    public UnknownLeavers(WorkspaceStore workspaces, ManagedPrincipals principals, ScimUsersClient users, AccessStore access, Clock clock) {
        this.workspaces = workspaces;
        this.principals = principals;
        this.users = users;
        this.access = access;
        this.clock = clock;
    }

    /** The users of that name, by workspace name (calls of a leaver: people's lifecycle). Blocks: HTTP calls to every ready workspace. */
    public Map<String, ScimModel.User> find(String userName) {
        List<WorkspaceRecord> ready = workspaces.all().stream().filter(w -> w.status() == WorkspaceRecord.Status.READY).toList();
        Map<String, ScimModel.User> found = new LinkedHashMap<>();
        Flux.fromIterable(ready)
                .flatMap(workspace -> users.findByUserName(workspace.target(), userName)
                        .flatMap(user -> user.map(u -> Mono.just(Map.entry(workspace.name(), u))).orElse(Mono.empty())), LOOKUPS_AT_ONCE)
                .contextWrite(CallPriority.LIFECYCLE.context())
                .collectList().blockOptional().orElse(List.of())
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    /** Records the users found as the leaver's access (in the caller's transaction). */
    public void record(String employeeId, Map<String, ScimModel.User> found) {
        found.forEach((workspace, user) -> {
            Map<String, String> groupNames = principals.groupNames(workspace);
            TreeSet<String> managed = new TreeSet<>();
            user.groups().stream().filter(g -> !"indirect".equals(g.type())).map(g -> groupNames.get(g.value()))
                    .filter(Objects::nonNull).forEach(managed::add);
            access.save(new PersonAccess(employeeId, workspace, user.id(), user.isActive(), managed, new TreeSet<>(), true, clock.instant()));
        });
    }
}
