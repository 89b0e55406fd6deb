package dev.bricklayer.identity.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.identity.DeprovisionReason;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.identity.UserDeprovisioned;
import dev.bricklayer.common.events.identity.UserProvisioned;
import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.people.PeopleStore;
import dev.bricklayer.identity.people.Person;
import dev.bricklayer.identity.people.PersonAccess;
import dev.bricklayer.identity.rules.Access;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.scim.Entitlements;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Converges the people marked in one workspace to what the access rules give them now — joiners, movers, leavers,
 * rehires and back-fills are all the same comparison of desired and provisioned access:
 * <ol>
 *   <li>per person, at most one user call: create (entitlements in the same request; a 409 reads the user back by
 *       {@code userName} and adopts it), or one PATCH that (re)activates or deactivates and adds or removes
 *       entitlements;</li>
 *   <li>per group, one PATCH for all the batch's people whose user call is done — sent as the batch ends, or every
 *       {@code membership-flush} while a large batch is still being created: every member added and removed in it;</li>
 *   <li>the result is kept, marks are cleared (unless a newer event came meanwhile), and {@code UserProvisioned} /
 *       {@code UserDeprovisioned} are published for every person whose access changed.</li>
 * </ol>
 * A person whose calls failed keeps the mark and is tried again after a growing pause; nothing is lost.
 * Blocking: runs on a worker thread.
 */
public class JoinerMoverLeaver {

    private static final Logger log = LoggerFactory.getLogger(JoinerMoverLeaver.class);

    /** How a batch went. */
    public record Outcome(int people, int changed, int failed, int calls) {
        public static final Outcome NONE = new Outcome(0, 0, 0, 0);
    }

    private final PeopleStore people;
    private final PendingPeople pending;
    private final WorkspaceStore workspaces;
    private final ManagedPrincipals principals;
    private final ScimUsersClient users;
    private final ScimGroupsClient groups;
    private final EventPublisher events;
    private final IdentityProperties properties;
    private volatile AccessRules rules;

    public JoinerMoverLeaver(PeopleStore people, PendingPeople pending, WorkspaceStore workspaces, ManagedPrincipals principals,
                             ScimUsersClient users, ScimGroupsClient groups, EventPublisher events, AccessRules rules,
                             IdentityProperties properties) {
        this.people = people;
        this.pending = pending;
        this.workspaces = workspaces;
        this.principals = principals;
        this.users = users;
        this.groups = groups;
        this.events = events;
        this.rules = rules;
        this.properties = properties;
    }

    /** What the rules give a person in a workspace now; empty for a leaver and for anyone no rule gives it. */
    public Optional<Access> desired(Person person, WorkspaceRecord workspace) {
        if (person == null || !person.active()) {
            return Optional.empty();
        }
        return rules.evaluate(person.attributes(), workspace.view());
    }

    /** Converges up to {@code batch-size} of the people due in {@code workspace}. */
    public Outcome converge(WorkspaceRecord workspace) {
        List<PendingPeople.Mark> marks = pending.due(workspace.name(), properties.batchSize());
        if (marks.isEmpty()) {
            return Outcome.NONE;
        }
        List<String> ids = marks.stream().map(PendingPeople.Mark::employeeId).toList();
        Map<String, Person> persons = people.find(ids);
        Map<String, PersonAccess> provisioned = people.accessIn(workspace.name(), ids);
        Map<String, String> groupIds = groupIds(workspace);
        Map<String, String> groupNames = new HashMap<>();
        groupIds.forEach((name, id) -> groupNames.put(id, name));
        WorkspaceTarget target = workspace.target();
        Calls calls = new Calls();

        List<Work> work = new ArrayList<>();
        for (PendingPeople.Mark mark : marks) {
            Person person = persons.get(mark.employeeId());
            work.add(new Work(mark, person, provisioned.get(mark.employeeId()), desired(person, workspace)));
        }
        // users as fast as the workspace's pace allows; every membership-flush interval, the memberships of the users
        // made so far go out in one PATCH per group, and those people are done — nobody waits for the whole batch
        AtomicInteger changed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Iterable<Work> done = Flux.fromIterable(work)
                .flatMap(w -> userStep(target, w, groupNames, calls)
                        .onErrorResume(error -> {
                            w.fail(error);
                            return Mono.empty();
                        })
                        .contextWrite(context(w))
                        .thenReturn(w), properties.scimParallelism())
                .toIterable(work.size());
        List<Work> ready = new ArrayList<>();
        long flushAt = System.nanoTime() + properties.membershipFlush().toNanos();
        for (Work w : done) { // users keep being made while memberships go out
            ready.add(w);
            if (System.nanoTime() - flushAt >= 0 || ready.size() >= properties.maxMembersPerPatch()) {
                flush(workspace, target, ready, groupIds, calls, changed, failed);
                ready = new ArrayList<>();
                flushAt = System.nanoTime() + properties.membershipFlush().toNanos();
            }
        }
        flush(workspace, target, ready, groupIds, calls, changed, failed);
        log.info("Workspace {}: {} people converged ({} changed, {} to retry) with {} calls", workspace.name(), work.size(), changed.get(),
                failed.get(), calls.made.get());
        return new Outcome(work.size(), changed.get(), failed.get(), calls.made.get());
    }

    /** Memberships of the people whose user call is done, one PATCH per group; then they are finished. */
    private void flush(WorkspaceRecord workspace, WorkspaceTarget target, List<Work> ready, Map<String, String> groupIds, Calls calls,
                       AtomicInteger changed, AtomicInteger failed) {
        if (ready.isEmpty()) {
            return;
        }
        groupStep(workspace, target, ready, groupIds, calls).block();
        for (Work w : ready) {
            if (finish(workspace, w)) {
                changed.incrementAndGet();
            }
            if (w.error != null) {
                failed.incrementAndGet();
            }
        }
    }

    /** The managed groups' SCIM ids; a group of the desired state not (or no longer) known is made to exist first. */
    private Map<String, String> groupIds(WorkspaceRecord workspace) {
        Map<String, String> ids = new LinkedHashMap<>();
        workspaces.principals(workspace.name(), WorkspaceStore.Kind.GROUP).forEach((name, principal) -> ids.put(name, principal.scimId()));
        for (GroupSpec spec : workspace.desiredState().groups()) {
            if (!ids.containsKey(spec.name())) {
                try {
                    ids.put(spec.name(), principals.ensureGroup(workspace, spec));
                } catch (RuntimeException e) {
                    log.warn("Group {} of workspace {} cannot be made now: {}", spec.name(), workspace.name(), e.getMessage());
                }
            }
        }
        ids.keySet().retainAll(workspace.managedGroups());
        return ids;
    }

    private static Context context(Work w) {
        return w.mark.correlationId() == null ? Context.empty() : Context.of(Correlation.MDC_KEY, w.mark.correlationId());
    }

    // ---- 1. the user itself ------------------------------------------------------------------------------------

    private Mono<Void> userStep(WorkspaceTarget target, Work w, Map<String, String> groupNames, Calls calls) {
        if (w.person == null) {
            return Mono.empty(); // forgotten meanwhile: nothing to converge
        }
        if (w.desired.isPresent()) {
            SortedSet<String> entitlements = w.desired.get().entitlements();
            if (w.before == null) {
                return create(target, w, entitlements, groupNames, calls);
            }
            w.takeOver(w.before);
            List<Operation> operations = new ArrayList<>();
            if (!w.before.active()) {
                operations.add(Operation.replace("active", true));
            }
            SortedSet<String> add = minus(entitlements, w.before.entitlements());
            SortedSet<String> remove = minus(w.before.entitlements(), entitlements);
            if (!add.isEmpty()) {
                operations.add(Operation.add("entitlements", ScimModel.values(add)));
            }
            if (!remove.isEmpty()) {
                operations.add(Operation.remove("entitlements", ScimModel.values(remove)));
            }
            w.active = true;
            w.entitlements = new TreeSet<>(entitlements);
            if (operations.isEmpty()) {
                return Mono.empty();
            }
            w.changed = true;
            return patchUser(target, w, operations, calls)
                    .onErrorResume(ApiException.class, e -> {
                        if (e.isNotFound()) { // deleted by hand: make it again
                            log.info("User {} ({}) is gone from {}: creating it again", w.person.userName(), w.scimUserId, target.name());
                            w.groups.clear();
                            return create(target, w, entitlements, groupNames, calls);
                        }
                        return Mono.error(e);
                    });
        }
        if (w.before == null) {
            return Mono.empty(); // never had access here: nothing to take away
        }
        w.takeOver(w.before);
        w.active = false;
        if (!w.before.active()) {
            return Mono.empty();
        }
        w.changed = true;
        return patchUser(target, w, List.of(Operation.replace("active", false)), calls)
                .onErrorResume(ApiException.class, e -> {
                    if (e.isNotFound()) { // deleted by hand: it has no access any more either
                        w.groups.clear();
                        return Mono.empty();
                    }
                    return Mono.error(e);
                });
    }

    private Mono<Void> create(WorkspaceTarget target, Work w, SortedSet<String> entitlements, Map<String, String> groupNames, Calls calls) {
        Person person = w.person;
        ScimModel.NewUser body = new ScimModel.NewUser(List.of(ScimModel.USER_SCHEMA), person.userName(),
                person.displayName() != null ? person.displayName() : person.userName(),
                person.givenName() == null && person.familyName() == null ? null : new ScimModel.Name(person.givenName(), person.familyName()),
                List.of(new ScimModel.Value(person.userName(), null, "work", null, true)), true, ScimModel.values(entitlements));
        calls.count();
        return users.create(target, body)
                .doOnNext(user -> {
                    w.scimUserId = user.id();
                    w.active = true;
                    w.entitlements = new TreeSet<>(entitlements);
                    w.adopted = false;
                    w.changed = true;
                })
                .then()
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adopt(target, w, entitlements, groupNames, calls) : Mono.error(e));
    }

    /** The user exists already (made by hand, or by an earlier attempt whose answer was lost): read it back and adopt it. */
    private Mono<Void> adopt(WorkspaceTarget target, Work w, SortedSet<String> entitlements, Map<String, String> groupNames, Calls calls) {
        calls.count();
        return users.findByUserName(target, w.person.userName()).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new IllegalStateException("User " + w.person.userName() + " answered 409 on create but cannot be found"));
            }
            ScimModel.User user = found.get();
            w.scimUserId = user.id();
            w.adopted = true;
            w.changed = true;
            w.groups.clear();
            for (ScimModel.Value group : user.groups()) {
                String name = groupNames.get(group.value());
                if (name != null && !"indirect".equals(group.type())) {
                    w.groups.add(name);
                }
            }
            List<Operation> operations = new ArrayList<>();
            if (!user.isActive()) {
                operations.add(Operation.replace("active", true));
            }
            SortedSet<String> missing = minus(entitlements, Entitlements.of(user.entitlements()));
            if (!missing.isEmpty()) {
                operations.add(Operation.add("entitlements", ScimModel.values(missing)));
            }
            w.active = true;
            w.entitlements = new TreeSet<>(entitlements);
            log.info("Adopting existing user {} ({}) in {}{}", w.person.userName(), user.id(), target.name(),
                    user.isActive() ? "" : ", reactivated");
            return operations.isEmpty() ? Mono.empty() : patchUser(target, w, operations, calls);
        });
    }

    /**
     * One PATCH of the user. Removing entitlements the user no longer has is refused by the service
     * ({@code invalidPath}); then the same PATCH goes again without that removal.
     */
    private Mono<Void> patchUser(WorkspaceTarget target, Work w, List<Operation> operations, Calls calls) {
        calls.count();
        return users.patch(target, w.scimUserId, operations).onErrorResume(ApiException.class, e -> {
            List<Operation> withoutRemoval = operations.stream()
                    .filter(op -> !("remove".equals(op.op()) && "entitlements".equals(op.path()))).toList();
            if (e.status() == 400 && e.scimType().filter("invalidPath"::equals).isPresent() && withoutRemoval.size() < operations.size()) {
                if (withoutRemoval.isEmpty()) {
                    return Mono.empty();
                }
                calls.count();
                return users.patch(target, w.scimUserId, withoutRemoval);
            }
            return Mono.error(e);
        });
    }

    // ---- 2. group membership, one PATCH per group for the whole batch -----------------------------------------

    private Mono<Void> groupStep(WorkspaceRecord workspace, WorkspaceTarget target, List<Work> work, Map<String, String> groupIds, Calls calls) {
        Map<String, Membership> changes = new LinkedHashMap<>();
        for (Work w : work) {
            if (w.error != null || w.scimUserId == null || w.person == null) {
                continue;
            }
            SortedSet<String> wanted = w.desired.map(Access::groups).orElse(new TreeSet<>());
            for (String group : wanted) {
                if (!w.groups.contains(group)) {
                    if (!groupIds.containsKey(group)) {
                        w.fail(new IllegalStateException("group " + group + " does not exist in " + workspace.name() + " yet"));
                        continue;
                    }
                    changes.computeIfAbsent(group, g -> new Membership()).add.put(w.scimUserId, w);
                }
            }
            for (String group : new ArrayList<>(w.groups)) {
                if (!wanted.contains(group)) {
                    if (!groupIds.containsKey(group)) {
                        w.groups.remove(group); // no longer managed here: not ours to change
                        continue;
                    }
                    changes.computeIfAbsent(group, g -> new Membership()).remove.put(w.scimUserId, w);
                }
            }
        }
        return Flux.fromIterable(changes.entrySet())
                .flatMap(change -> patchGroup(workspace, target, change.getKey(), groupIds.get(change.getKey()), change.getValue(), calls),
                        properties.scimParallelism())
                .then();
    }

    private Mono<Void> patchGroup(WorkspaceRecord workspace, WorkspaceTarget target, String group, String groupId, Membership change,
                                  Calls calls) {
        List<List<Map.Entry<String, Boolean>>> chunks = new ArrayList<>();
        List<Map.Entry<String, Boolean>> all = new ArrayList<>();
        change.add.keySet().forEach(id -> all.add(Map.entry(id, true)));
        change.remove.keySet().forEach(id -> all.add(Map.entry(id, false)));
        for (int i = 0; i < all.size(); i += properties.maxMembersPerPatch()) {
            chunks.add(all.subList(i, Math.min(all.size(), i + properties.maxMembersPerPatch())));
        }
        return Flux.fromIterable(chunks).concatMap(chunk -> {
            Set<String> adds = new LinkedHashSet<>();
            Set<String> removes = new LinkedHashSet<>();
            chunk.forEach(entry -> (entry.getValue() ? adds : removes).add(entry.getKey()));
            calls.count();
            return groups.patch(target, groupId, membershipOperations(adds, removes))
                    .onErrorResume(ApiException.class, e -> e.status() == 400 || e.status() == 404
                            ? reconcileMembers(workspace, target, group, groupId, adds, removes, calls, e) : Mono.error(e))
                    .doOnSuccess(done -> applied(group, change, adds, removes))
                    .onErrorResume(error -> {
                        adds.forEach(id -> change.add.get(id).fail(error));
                        removes.forEach(id -> change.remove.get(id).fail(error));
                        return Mono.empty();
                    });
        }).then();
    }

    /**
     * A membership PATCH was refused (someone changed the group by hand: a member to remove is gone, the group was
     * deleted): read the members and send only what is still to do. A deleted group is made again next time.
     */
    private Mono<Void> reconcileMembers(WorkspaceRecord workspace, WorkspaceTarget target, String group, String groupId, Set<String> adds,
                                        Set<String> removes, Calls calls, ApiException refused) {
        calls.count();
        return groups.members(target, groupId).flatMap(current -> {
            Set<String> members = new java.util.HashSet<>();
            current.members().forEach(member -> members.add(member.value()));
            Set<String> stillToAdd = new LinkedHashSet<>(adds);
            stillToAdd.removeAll(members);
            Set<String> stillToRemove = new LinkedHashSet<>(removes);
            stillToRemove.retainAll(members);
            if (stillToAdd.isEmpty() && stillToRemove.isEmpty()) {
                return Mono.<Void>empty();
            }
            calls.count();
            return groups.patch(target, groupId, membershipOperations(stillToAdd, stillToRemove));
        }).onErrorResume(ApiException.class, e -> {
            if (e.isNotFound()) {
                log.warn("Group {} ({}) is gone from {}; it is made again on the next attempt", group, groupId, workspace.name());
                workspaces.forgetPrincipal(workspace.name(), WorkspaceStore.Kind.GROUP, group);
                return Mono.error(refused);
            }
            return Mono.error(e);
        });
    }

    /** The operations of one membership PATCH: one {@code add} of every new member, one {@code remove} per member leaving. */
    public static List<Operation> membershipOperations(Set<String> adds, Set<String> removes) {
        List<Operation> operations = new ArrayList<>();
        if (!adds.isEmpty()) {
            operations.add(Operation.add("members", adds.stream().map(ScimModel.Value::of).toList()));
        }
        removes.forEach(id -> operations.add(Operation.removeMember(id)));
        return operations;
    }

    private static void applied(String group, Membership change, Set<String> adds, Set<String> removes) {
        adds.forEach(id -> {
            Work w = change.add.get(id);
            w.groups.add(group);
            w.changed = true;
        });
        removes.forEach(id -> {
            Work w = change.remove.get(id);
            w.groups.remove(group);
            w.removedGroups.add(group);
            w.changed = true;
        });
    }

    // ---- 3. keep the result, clear the mark, announce ------------------------------------------------------------

    /** Answers whether the person's access changed (and was announced). */
    private boolean finish(WorkspaceRecord workspace, Work w) {
        if (w.scimUserId != null && w.person != null && (w.changed || w.before == null)) {
            people.saveAccess(new PersonAccess(w.mark.employeeId(), workspace.name(), w.scimUserId, w.active, new TreeSet<>(w.groups), w.entitlements,
                    w.adopted, Instant.now()));
        }
        if (w.error != null) {
            String reason = w.error instanceof ApiException api ? api.getMessage() : w.error.toString();
            pending.failed(workspace.name(), w.mark, reason, properties.backoff(w.mark.attempts()));
            log.warn("Workspace {}: access of {} not converged yet (attempt {}), retried later: {}", workspace.name(),
                    w.mark.employeeId(), w.mark.attempts() + 1, reason);
            return false;
        }
        pending.done(workspace.name(), w.mark);
        if (!w.changed || w.person == null) {
            return false;
        }
        Correlation.run(w.mark.correlationId() != null ? w.mark.correlationId() : Correlation.currentOrNew(), () -> {
            try {
                if (w.desired.isPresent()) {
                    events.publish(IdentityTopics.EVENTS, workspace.name(), new UserProvisioned(workspace.name(), w.person.employeeId(),
                            w.person.userName(), w.scimUserId, List.copyOf(w.groups), Instant.now())).block();
                } else {
                    events.publish(IdentityTopics.EVENTS, workspace.name(), new UserDeprovisioned(workspace.name(), w.person.employeeId(),
                            w.person.userName(), w.scimUserId, List.copyOf(w.removedGroups),
                            w.person.active() ? DeprovisionReason.NO_LONGER_ENTITLED : DeprovisionReason.LEFT, Instant.now())).block();
                }
            } catch (RuntimeException e) {
                log.error("Workspace {}: access of {} converged but its event could not be published: {}", workspace.name(),
                        w.person.employeeId(), e.toString());
            }
        });
        return true;
    }

    /** The rules in force (replaced when the service reloads them). */
    public void rules(AccessRules rules) {
        this.rules = rules;
    }

    private static SortedSet<String> minus(Set<String> a, Set<String> b) {
        TreeSet<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    /** One person's convergence in this batch. */
    private static final class Work {
        final PendingPeople.Mark mark;
        final Person person;
        final PersonAccess before;
        final Optional<Access> desired;
        volatile String scimUserId;
        volatile boolean active;
        volatile boolean adopted;
        volatile boolean changed;
        final Set<String> groups = java.util.Collections.synchronizedSet(new TreeSet<>());
        volatile SortedSet<String> entitlements = new TreeSet<>();
        final List<String> removedGroups = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile Throwable error;

        Work(PendingPeople.Mark mark, Person person, PersonAccess before, Optional<Access> desired) {
            this.mark = mark;
            this.person = person;
            this.before = before;
            this.desired = desired;
        }

        void takeOver(PersonAccess access) {
            scimUserId = access.scimUserId();
            active = access.active();
            adopted = access.adopted();
            groups.addAll(access.groups());
            entitlements = new TreeSet<>(access.entitlements());
        }

        void fail(Throwable e) {
            if (error == null) {
                error = e;
            }
        }
    }

    /** The member changes of one group: SCIM user id → the person's work. */
    private static final class Membership {
        final Map<String, Work> add = new LinkedHashMap<>();
        final Map<String, Work> remove = new LinkedHashMap<>();
    }

    /** Calls made in a batch, for the log. */
    private static final class Calls {
        private final AtomicInteger made = new AtomicInteger();

        void count() {
            made.incrementAndGet();
        }
    }
}
