package dev.bricklayer.identity.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.scim.ScimModel.NewUser;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.User;
import reactor.core.publisher.Mono;

/**
 * The user calls of convergence, with the SCIM idioms the answers of {@link ScimUsersClient} call for:
 * <ul>
 *   <li>{@link #create}: {@code POST /Users}; a 409 (the userName exists — made by hand, or by an earlier attempt
 *       whose answer was lost) reads the user back ({@code filter=userName eq "…"}) and adopts it: reactivated if
 *       inactive, the entitlements of the create added where missing, nothing removed, its group memberships taken
 *       as they are;</li>
 *   <li>{@link #update}: one {@code PATCH /Users/{id}} that (re)activates and adds and removes entitlements; a
 *       removal the service refuses with {@code invalidPath} (the entitlement is already gone) is dropped and the rest
 *       sent again; a 404 (deleted by hand) creates the user again;</li>
 *   <li>{@link #deactivate}: {@code PATCH} {@code active=false}; a 404 means the user is gone, which takes its access
 *       away just as well.</li>
 * </ul>
 * Every answer says what became of the user and how many calls it took.
 */
public class ScimUsers {

    private static final Logger log = LoggerFactory.getLogger(ScimUsers.class);

    /** What one PATCH changes: activation, entitlements added and removed (SCIM values). */
    public record Change(boolean activate, SortedSet<String> add, SortedSet<String> remove) {

        public static final Change NONE = new Change(false, new TreeSet<>(), new TreeSet<>());

        public Change {
            add = new TreeSet<>(add);
            remove = new TreeSet<>(remove);
        }

        public boolean isEmpty() {
            return !activate && add.isEmpty() && remove.isEmpty();
        }

        Change withoutRemovals() {
            return new Change(activate, add, new TreeSet<>());
        }

        public List<Operation> operations() {
            List<Operation> operations = new ArrayList<>();
            if (activate) {
                operations.add(Operation.replace("active", true));
            }
            if (!add.isEmpty()) {
                operations.add(Operation.add("entitlements", ScimModel.values(add)));
            }
            if (!remove.isEmpty()) {
                operations.add(Operation.remove("entitlements", ScimModel.values(remove)));
            }
            return operations;
        }
    }

    /** What became of the user. */
    public enum Outcome { CREATED, ADOPTED, UPDATED, GONE }

    /**
     * @param outcome  what became of the user
     * @param id       its SCIM id
     * @param groupIds the SCIM ids of the groups an adopted user is a direct member of; empty otherwise
     * @param calls    the calls it took
     */
    public record Result(Outcome outcome, String id, List<String> groupIds, int calls) {

        Result plusCalls(int more) {
            return new Result(outcome, id, groupIds, calls + more);
        }
    }

    private final ScimUsersClient client;

    public ScimUsers(ScimUsersClient client) {
        this.client = client;
    }

    /** Creates the user, or adopts the one that has its userName already. */
    public Mono<Result> create(WorkspaceTarget target, NewUser user) {
        return client.create(target, user)
                .map(created -> new Result(Outcome.CREATED, created.id(), List.of(), 1))
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adopt(target, user).map(adopted -> adopted.plusCalls(1)) : Mono.error(e));
    }

    /** Changes the user with one PATCH; a user deleted by hand is created again as {@code recreateAs}. */
    public Mono<Result> update(WorkspaceTarget target, String id, Change change, NewUser recreateAs) {
        return patch(target, id, change)
                .map(calls -> new Result(Outcome.UPDATED, id, List.of(), calls))
                .onErrorResume(ApiException.class, e -> {
                    if (e.isNotFound()) {
                        log.info("User {} ({}) is gone from {}: creating it again", recreateAs.userName(), id, target.name());
                        return create(target, recreateAs).map(created -> created.plusCalls(1));
                    }
                    return Mono.error(e);
                });
    }

    /** Deactivates the user; one that is gone has no access either. */
    public Mono<Result> deactivate(WorkspaceTarget target, String id) {
        return client.patch(target, id, List.of(Operation.replace("active", false)))
                .thenReturn(new Result(Outcome.UPDATED, id, List.of(), 1))
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(new Result(Outcome.GONE, id, List.of(), 1)) : Mono.error(e));
    }

    private Mono<Result> adopt(WorkspaceTarget target, NewUser wanted) {
        return client.findByUserName(target, wanted.userName()).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new IllegalStateException("User " + wanted.userName() + " answered 409 on create but cannot be found"));
            }
            User user = found.get();
            SortedSet<String> missing = new TreeSet<>(Entitlements.of(wanted.entitlements()));
            missing.removeAll(Entitlements.of(user.entitlements()));
            Change change = new Change(!user.isActive(), missing, new TreeSet<>());
            List<String> groups = user.groups().stream().filter(g -> !"indirect".equals(g.type())).map(ScimModel.Value::value).toList();
            log.info("Adopting existing user {} ({}) in {}{}", wanted.userName(), user.id(), target.name(), user.isActive() ? "" : ", reactivated");
            Result adopted = new Result(Outcome.ADOPTED, user.id(), groups, 1);
            return change.isEmpty() ? Mono.just(adopted) : patch(target, user.id(), change).map(adopted::plusCalls);
        });
    }

    /** One PATCH; answers the calls it took (two when a refused entitlement removal is dropped and the rest sent again). */
    private Mono<Integer> patch(WorkspaceTarget target, String id, Change change) {
        return client.patch(target, id, change.operations()).thenReturn(1).onErrorResume(ApiException.class, e -> {
            if (e.status() == 400 && e.scimType().filter("invalidPath"::equals).isPresent() && !change.remove().isEmpty()) {
                Change rest = change.withoutRemovals();
                return rest.isEmpty() ? Mono.just(1) : client.patch(target, id, rest.operations()).thenReturn(2);
            }
            return Mono.error(e);
        });
    }
}
