package dev.bricklayer.identity.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimUsers;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Converges the people marked in one workspace to what the access rules give them now, a batch at a time:
 * <ol>
 *   <li>per person an {@link AccessPlan} from what is provisioned and what the rules give;</li>
 *   <li>per person at most one user call ({@link ScimUsers}), {@code scim-parallelism} at once;</li>
 *   <li>once half the batch's users are made (at most {@code max-members-per-patch}), their memberships go out in one
 *       PATCH per group ({@link GroupMemberships}) and what they became is recorded ({@link AccessRecorder}), while
 *       the other half's users are made. There is no waiting window: a cycle takes the people due when it starts, and those
 *       marked meanwhile go in the next cycle, right after it (group commit) — a lone joiner's groups go out right
 *       after its user, a burst costs about one call per person and workspace.</li>
 * </ol>
 * The calls are of the class ({@link CallPriority}) the caller named on this thread.
 * The HTTP calls run on Reactor; every step in between hands immutable values on, and the blocking work (group
 * PATCHes, PostgreSQL, publishing) runs on the calling thread. A person whose calls failed keeps the mark and is
 * tried again after a growing pause; nothing is lost. Blocking: runs on a workspace's worker.
 */
public class AccessConvergence {

    private static final Logger log = LoggerFactory.getLogger(AccessConvergence.class);

    /** How a batch went. */
    public record Batch(int people, int changed, int failed, int calls) {

        public static final Batch NONE = new Batch(0, 0, 0, 0);

        Batch plus(Batch other) {
            return new Batch(people + other.people, changed + other.changed, failed + other.failed, calls + other.calls);
        }
    }

    /** One person's work in this batch: the mark, the person, what is provisioned, the plan. */
    private record Attempt(PendingPeople.Mark mark, Person person, PersonAccess before, AccessPlan plan) {
    }

    /** A person's user after its call: its id, whether adopted, the managed groups it is in, the calls it took. */
    private record UserStep(Attempt attempt, String scimUserId, boolean adopted, SortedSet<String> groups, boolean changed, int calls,
                            Throwable error) {

        static UserStep unchanged(Attempt attempt) {
            PersonAccess before = attempt.before();
            return before == null ? new UserStep(attempt, null, false, new TreeSet<>(), false, 0, null)
                    : new UserStep(attempt, before.scimUserId(), before.adopted(), before.groups(), false, 0, null);
        }

        static UserStep failed(Attempt attempt, Throwable error) {
            UserStep unchanged = unchanged(attempt);
            return new UserStep(attempt, unchanged.scimUserId, unchanged.adopted, unchanged.groups, false, 0, error);
        }

        /** The user after a call; {@code groupNames}: managed group names by SCIM id, for an adopted user's memberships. */
        static UserStep after(Attempt attempt, ScimUsers.Result result, Map<String, String> groupNames) {
            PersonAccess before = attempt.before();
            return switch (result.outcome()) {
                case CREATED -> new UserStep(attempt, result.id(), false, new TreeSet<>(), true, result.calls(), null);
                case ADOPTED -> new UserStep(attempt, result.id(), true, result.groupIds().stream().map(groupNames::get)
                        .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new)), true, result.calls(), null);
                case UPDATED -> new UserStep(attempt, before.scimUserId(), before.adopted(), before.groups(), true, result.calls(), null);
                case GONE -> new UserStep(attempt, before.scimUserId(), before.adopted(), new TreeSet<>(), true, result.calls(), null);
            };
        }

        /** Whether its group memberships are to be written now. */
        boolean readyForGroups() {
            return error == null && scimUserId != null && attempt.person() != null;
        }
    }

    private final PeopleStore people;
    private final AccessStore access;
    private final PendingPeople pending;
    private final DesiredAccess desired;
    private final ManagedPrincipals principals;
    private final ScimUsers users;
    private final GroupMemberships memberships;
    private final AccessRecorder recorder;
    private final IdentityProperties properties;

    public AccessConvergence(PeopleStore people, AccessStore access, PendingPeople pending, DesiredAccess desired, ManagedPrincipals principals,
                             ScimUsers users, GroupMemberships memberships, AccessRecorder recorder, IdentityProperties properties) {
        this.people = people;
        this.access = access;
        this.pending = pending;
        this.desired = desired;
        this.principals = principals;
        this.users = users;
        this.memberships = memberships;
        this.recorder = recorder;
        this.properties = properties;
    }

    /** Converges up to {@code batch-size} of the people due in {@code workspace}. */
    public Batch converge(WorkspaceRecord workspace) {
        List<PendingPeople.Mark> marks = pending.due(workspace.name(), properties.batchSize());
        if (marks.isEmpty()) {
            return Batch.NONE;
        }
        List<String> ids = marks.stream().map(PendingPeople.Mark::employeeId).toList();
        Map<String, Person> persons = people.find(ids);
        Map<String, PersonAccess> provisioned = access.accessIn(workspace.name(), ids);
        List<Attempt> attempts = marks.stream().map(mark -> {
            Person person = persons.get(mark.employeeId());
            PersonAccess before = provisioned.get(mark.employeeId());
            return new Attempt(mark, person, before, AccessPlan.of(before, desired.of(person, workspace)));
        }).toList();
        Map<String, String> groupIds = principals.groupIds(workspace);
        Map<String, String> groupNames = new HashMap<>();
        groupIds.forEach((name, id) -> groupNames.put(id, name));
        WorkspaceTarget target = workspace.target();

        Batch batch = Batch.NONE;
        Context priority = CallPriority.current() == null ? Context.empty() : CallPriority.current().context();
        Iterable<List<UserStep>> made = Flux.fromIterable(attempts)
                .flatMap(attempt -> userStep(target, attempt, groupNames).contextWrite(priority), properties.scimParallelism())
                .buffer(handOver(attempts.size()))
                .toIterable(1);
        for (List<UserStep> users : made) { // the users of the second half are made while the first half is finished
            batch = batch.plus(finish(workspace, groupIds, users));
        }
        log.info("Workspace {}: {} people converged ({} changed, {} to retry) with {} calls", workspace.name(), batch.people(),
                batch.changed(), batch.failed(), batch.calls());
        return batch;
    }

    /**
     * How many users are handed over at once: half the batch (at most {@code max-members-per-patch}), so that the second
     * half's users are made while the first half's memberships are written and recorded — two PATCHes per group per
     * batch, the budget kept busy; a lone joiner is handed over at once.
     */
    private int handOver(int batch) {
        return Math.max(1, Math.min(properties.maxMembersPerPatch(), (batch + 1) / 2));
    }

    private Mono<UserStep> userStep(WorkspaceTarget target, Attempt attempt, Map<String, String> groupNames) {
        AccessPlan plan = attempt.plan();
        Mono<ScimUsers.Result> call = switch (attempt.person() == null ? AccessPlan.Call.NONE : plan.call()) {
            case NONE -> Mono.empty();
            case CREATE -> users.create(target, newUser(attempt.person(), plan.entitlements()));
            case UPDATE -> users.update(target, attempt.before().scimUserId(), plan.change(), newUser(attempt.person(), plan.entitlements()));
            case DEACTIVATE -> users.deactivate(target, attempt.before().scimUserId());
        };
        String correlationId = attempt.mark().correlationId();
        return call.map(result -> UserStep.after(attempt, result, groupNames))
                .defaultIfEmpty(UserStep.unchanged(attempt))
                .onErrorResume(error -> Mono.just(UserStep.failed(attempt, error)))
                .contextWrite(correlationId == null ? Context.empty() : Context.of(Correlation.MDC_KEY, correlationId));
    }

    /** The memberships of the users made so far, one PATCH per group; then what became of each is recorded. */
    private Batch finish(WorkspaceRecord workspace, Map<String, String> groupIds, List<UserStep> made) {
        Map<UserStep, AccessPlan.Membership> planned = new IdentityHashMap<>();
        Map<String, GroupMemberships.Changes> changes = new LinkedHashMap<>();
        for (UserStep step : made) {
            if (step.readyForGroups()) {
                AccessPlan.Membership membership = step.attempt().plan().membership(step.groups(), groupIds.keySet());
                planned.put(step, membership);
                membership.join().forEach(group -> changes.computeIfAbsent(group, g -> new GroupMemberships.Changes()).add().add(step.scimUserId()));
                membership.leave().forEach(group -> changes.computeIfAbsent(group, g -> new GroupMemberships.Changes()).remove()
                        .add(step.scimUserId()));
            }
        }
        GroupMemberships.Written written = memberships.write(workspace, groupIds, changes);
        int failed = 0;
        int calls = written.calls();
        List<ConvergedAccess> done = new ArrayList<>();
        for (UserStep step : made) {
            ConvergedAccess access = converged(workspace, step, planned.get(step), written);
            done.add(access);
            if (access.error() != null) {
                failed++;
            }
            calls += step.calls();
        }
        int changed = recorder.recordAll(workspace.name(), done);
        return new Batch(made.size(), changed, failed, calls);
    }

    /** A person's user step and the group PATCHes of its memberships, as one result. */
    private static ConvergedAccess converged(WorkspaceRecord workspace, UserStep step, AccessPlan.Membership membership,
                                             GroupMemberships.Written written) {
        Attempt attempt = step.attempt();
        SortedSet<String> groups = new TreeSet<>(step.groups());
        List<String> removed = new ArrayList<>();
        boolean changed = step.changed();
        Throwable error = step.error();
        if (membership != null) {
            groups.removeAll(membership.unmanaged());
            if (!membership.missing().isEmpty()) {
                error = new IllegalStateException("group " + membership.missing().first() + " does not exist in " + workspace.name() + " yet");
            }
            for (String group : membership.join()) {
                if (written.done(group, step.scimUserId())) {
                    groups.add(group);
                    changed = true;
                } else if (error == null) {
                    error = written.error(group, step.scimUserId());
                }
            }
            for (String group : membership.leave()) {
                if (written.done(group, step.scimUserId())) {
                    groups.remove(group);
                    removed.add(group);
                    changed = true;
                } else if (error == null) {
                    error = written.error(group, step.scimUserId());
                }
            }
        }
        return new ConvergedAccess(attempt.mark(), attempt.person(), attempt.before(), attempt.plan(), step.scimUserId(), step.adopted(),
                groups, removed, changed, error);
    }

    private static ScimModel.NewUser newUser(Person person, SortedSet<String> entitlements) {
        return new ScimModel.NewUser(List.of(ScimModel.USER_SCHEMA), person.userName(),
                person.displayName() != null ? person.displayName() : person.userName(),
                person.givenName() == null && person.familyName() == null ? null : new ScimModel.Name(person.givenName(), person.familyName()),
                List.of(new ScimModel.Value(person.userName(), null, "work", null, true)), true, ScimModel.values(entitlements));
    }
}
