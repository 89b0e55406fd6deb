package dev.bricklayer.identity.federation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.identity.config.AccountScopeProperties;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.federation.AccountSteps.Attempt;
import dev.bricklayer.identity.federation.AccountSteps.UserStep;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.federation.AccountStore.AccountUser;
import dev.bricklayer.identity.lifecycle.AccessPlan;
import dev.bricklayer.identity.lifecycle.DesiredAccess;
import dev.bricklayer.identity.lifecycle.GroupMemberships;
import dev.bricklayer.identity.lifecycle.PendingAccount;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Converges the people marked in the account ({@link PendingAccount}) to what the rules give them across every
 * account-scope workspace, a batch at a time, by one worker of one instance at a time (a lock here, the lease
 * {@code identity:account} across instances — another worker finding it taken goes on with its workspace's own work):
 * <ol>
 *   <li>per person an {@link AccountPlan}: at most one user call ({@link AccountUsers}), {@code scim-parallelism} at
 *       once, paced by the HTTP stack at the account's budget;</li>
 *   <li>the users made so far are handed over every {@code account.membership-flush}: their memberships go out in one
 *       {@code PATCH /Groups/{id}} per account group for all of them ({@link GroupMemberships}, at most
 *       {@code max-members-per-patch} member operations each); an adopted user's memberships are first read from the
 *       managed groups; with automatic identity management Entra ID syncs them and none is sent;</li>
 *   <li>the account user is recorded ({@code account_users}) and the mark cleared, or kept with the reason and tried
 *       again after a growing pause.</li>
 * </ol>
 * Blocking: runs on a workspace's worker.
 */
public class AccountPeople {

    private static final Logger log = LoggerFactory.getLogger(AccountPeople.class);
    static final String LEASE = "identity:account";

    private final ReentrantLock lock = new ReentrantLock();
    private final AccountStore store;
    private final PendingAccount pending;
    private final PeopleStore people;
    private final WorkspaceStore workspaces;
    private final DesiredAccess desired;
    private final AccountUsers users;
    private final AccountGroups groups;
    private final GroupMemberships memberships;
    private final Leases leases;
    private final IdentityProperties properties;
    private final boolean automatic;
    private final Duration membershipFlush;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public AccountPeople(AccountStore store, PendingAccount pending, PeopleStore people, WorkspaceStore workspaces, DesiredAccess desired, AccountUsers users,
                         AccountGroups groups, GroupMemberships memberships, Leases leases, IdentityProperties properties,
                         AccountScopeProperties account, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.pending = pending;
        this.people = people;
        this.workspaces = workspaces;
        this.desired = desired;
        this.users = users;
        this.groups = groups;
        this.memberships = memberships;
        this.leases = leases;
        this.properties = properties;
        this.automatic = account.automaticIdentityManagement();
        this.membershipFlush = account.membershipFlush();
        this.clock = clock;
        this.events = events;
    }

    /** The workspaces in the account scope (those whose bootstrap failed for good give nothing). */
    public List<WorkspaceRecord> accountScope() {
        return workspaces.all().stream().filter(w -> w.scope() == IdentityScope.ACCOUNT && w.status() != WorkspaceRecord.Status.FAILED).toList();
    }

    /** What must change in the account for a person, given their account user as recorded ({@code null}: none). */
    public AccountPlan plan(Person person, AccountUser before, List<WorkspaceRecord> accountScope) {
        return AccountPlan.of(before, AccountPlan.Desired.of(person, accountScope, desired), automatic);
    }

    /** Converges up to {@code batch-size} of the people due in the account; 0 when another worker or instance is at it. */
    public int convergeDue() {
        if (!lock.tryLock()) {
            return 0;
        }
        try {
            Optional<Leases.Lease> lease = leases.acquire(LEASE, properties.leaseDuration());
            if (lease.isEmpty()) {
                return 0;
            }
            int converged;
            try (Leases.Lease held = lease.get()) {
                converged = converge(pending.due(properties.batchSize()));
            }
            if (converged > 0) {
                events.publishEvent(new AccountUsersConverged(converged)); // workspaces waiting for these users go on now
            }
            return converged;
        } finally {
            lock.unlock();
        }
    }

    private int converge(List<PendingAccount.Mark> marks) {
        if (marks.isEmpty()) {
            return 0;
        }
        List<String> ids = marks.stream().map(PendingAccount.Mark::employeeId).toList();
        Map<String, Person> persons = people.find(ids);
        Map<String, AccountUser> recorded = store.users(ids);
        List<WorkspaceRecord> scope = accountScope();
        List<Attempt> attempts = marks.stream().map(mark -> {
            Person person = persons.get(mark.employeeId());
            AccountUser before = recorded.get(mark.employeeId());
            return new Attempt(mark, person, before, person == null ? null : plan(person, before, scope));
        }).toList();
        Map<String, String> groupIds = groupIds(attempts);
        int done = 0;
        Iterable<List<UserStep>> madeSoFar = Flux.fromIterable(attempts)
                .flatMap(this::userStep, properties.scimParallelism())
                .bufferTimeout(properties.maxMembersPerPatch(), membershipFlush, true)
                .toIterable(1);
        for (List<UserStep> made : madeSoFar) { // the users of the rest are made while these are finished
            done += finish(groupIds, made);
        }
        log.info("Account: {} people converged, {} to retry", attempts.size(), attempts.size() - done);
        return attempts.size();
    }

    /** The ids of the managed account groups, those the batch's people are to be in made to exist first. */
    private Map<String, String> groupIds(List<Attempt> attempts) {
        Set<String> needed = new TreeSet<>();
        attempts.stream().filter(a -> a.plan() != null).forEach(a -> needed.addAll(a.plan().groups()));
        for (String group : needed) {
            try {
                groups.ensure(group);
            } catch (RuntimeException e) {
                log.warn("Account group {} cannot be made now: {}", group, e.getMessage());
            }
        }
        return groups.ids();
    }

    private Mono<UserStep> userStep(Attempt attempt) {
        Person person = attempt.person();
        AccountPlan.Call call = person == null ? AccountPlan.Call.NONE : attempt.plan().call();
        Mono<AccountUsers.Result> result = switch (call) {
            case NONE -> Mono.empty();
            case CREATE -> users.create(person);
            case ACTIVATE -> users.activate(attempt.before().userId(), person);
            case DEACTIVATE -> users.deactivate(attempt.before().userId());
            case RESOLVE -> users.resolve(person);
        };
        String correlationId = attempt.mark().correlationId();
        return result.map(done -> UserStep.after(attempt, done))
                .defaultIfEmpty(UserStep.unchanged(attempt))
                .onErrorResume(error -> Mono.just(UserStep.failed(attempt, error)))
                .contextWrite(correlationId == null ? Context.empty() : Context.of(Correlation.MDC_KEY, correlationId));
    }

    /** The memberships of the users made so far, one PATCH per group; then each account user is recorded. Answers those done. */
    private int finish(Map<String, String> groupIds, List<UserStep> made) {
        Map<String, Set<String>> members = made.stream().anyMatch(step -> step.groups() == null) ? members(groupIds) : Map.of();
        Map<UserStep, AccessPlan.Membership> planned = new IdentityHashMap<>();
        Map<String, GroupMemberships.Changes> changes = new LinkedHashMap<>();
        List<UserStep> steps = new ArrayList<>();
        for (UserStep step : made) {
            if (step.groups() == null) { // adopted: its memberships in the managed groups, as the account has them
                String userId = step.userId();
                SortedSet<String> current = new TreeSet<>();
                members.forEach((group, ids) -> {
                    if (ids.contains(userId)) {
                        current.add(group);
                    }
                });
                step = new UserStep(step.attempt(), userId, step.active(), step.adopted(), current, step.error());
            }
            steps.add(step);
            if (step.error() == null && step.userId() != null && step.attempt().person() != null) {
                AccessPlan.Membership membership = step.attempt().plan().membership(step.groups(), groupIds.keySet());
                planned.put(step, membership);
                for (String group : membership.join()) {
                    changes.computeIfAbsent(group, g -> new GroupMemberships.Changes()).add().add(step.userId());
                }
                for (String group : membership.leave()) {
                    changes.computeIfAbsent(group, g -> new GroupMemberships.Changes()).remove().add(step.userId());
                }
            }
        }
        GroupMemberships.Written written = memberships.write(groups.memberships(), groupIds, changes);
        int done = 0;
        for (UserStep step : steps) {
            if (record(step, planned.get(step), written)) {
                done++;
            }
        }
        return done;
    }

    /** Records the account user and clears or keeps the mark; answers whether the person is done. */
    private boolean record(UserStep step, AccessPlan.Membership membership, GroupMemberships.Written written) {
        PendingAccount.Mark mark = step.attempt().mark();
        SortedSet<String> now = new TreeSet<>(step.groups());
        Throwable error = step.error();
        if (membership != null) {
            now.removeAll(membership.unmanaged());
            if (!membership.missing().isEmpty()) {
                error = new IllegalStateException("account group " + membership.missing().first() + " does not exist yet");
            }
            for (String group : membership.join()) {
                if (written.done(group, step.userId())) {
                    now.add(group);
                } else if (error == null) {
                    error = written.error(group, step.userId());
                }
            }
            for (String group : membership.leave()) {
                if (written.done(group, step.userId())) {
                    now.remove(group);
                } else if (error == null) {
                    error = written.error(group, step.userId());
                }
            }
        }
        if (step.attempt().person() != null && step.userId() != null) {
            store.save(new AccountUser(mark.employeeId(), step.userId(), step.active(), now, step.adopted(), clock.instant()));
        }
        if (error != null) {
            String reason = error instanceof ApiException api ? api.getMessage() : error.toString();
            pending.failed(mark, reason, properties.backoff(mark.attempts()));
            log.warn("Account user of {} not converged yet (attempt {}), retried later: {}", mark.employeeId(), mark.attempts() + 1, reason);
            return false;
        }
        pending.done(mark);
        return true;
    }

    /** The members of every managed account group, by group name (for adopted users, whose groups the account does not list). */
    private Map<String, Set<String>> members(Map<String, String> groupIds) {
        Map<String, Set<String>> members = new HashMap<>();
        groupIds.forEach((name, id) -> {
            try {
                Set<String> ids = new TreeSet<>();
                groups.memberships().members(id).blockOptional().map(ScimModel.Group::members).orElse(List.of())
                        .forEach(member -> ids.add(member.value()));
                members.put(name, ids);
            } catch (ApiException e) {
                log.warn("Members of account group {} cannot be read now: {}", name, e.getMessage());
            }
        });
        return members;
    }
}
