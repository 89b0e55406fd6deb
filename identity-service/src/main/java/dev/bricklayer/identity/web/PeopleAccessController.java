package dev.bricklayer.identity.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.bricklayer.identity.datagrants.CatalogGrantStore;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.federation.AccountStore;
import dev.bricklayer.identity.lifecycle.PendingAccount;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.rules.Securable;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A person's access across workspaces and in the account, as identity-service provisioned it ({@code People.Read}). */
@RestController
@RequestMapping("/api/v1/people")
public class PeopleAccessController {

    private final PeopleStore people;
    private final AccessStore access;
    private final PendingPeople pending;
    private final WorkspaceStore workspaces;
    private final AccountStore account;
    private final PendingAccount pendingAccount;
    private final CatalogGrantStore dataGrants;

    public PeopleAccessController(PeopleStore people, AccessStore access, PendingPeople pending, WorkspaceStore workspaces, AccountStore account,
                                  PendingAccount pendingAccount, CatalogGrantStore dataGrants) {
        this.people = people;
        this.access = access;
        this.pending = pending;
        this.workspaces = workspaces;
        this.account = account;
        this.pendingAccount = pendingAccount;
        this.dataGrants = dataGrants;
    }

    /**
     * The person's latest HR record; per workspace the user id there (in the account scope the account user's), whether
     * it is active, its managed groups, the entitlements Bricklayer gave it, the workspace's identity scope and whether
     * work is still pending there (with the last error); the account user (account scope: its groups, whether work is
     * pending); and the Unity Catalog privileges the person holds now through the account groups they are in, with the
     * workspaces whose catalogs they are. 404 for an employee identity-service never heard of.
     */
    @GetMapping("/{employeeId}/access")
    public Mono<PersonAccessView> access(@PathVariable String employeeId) {
        return Mono.fromCallable(() -> {
            Person person = people.find(employeeId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "No employee " + employeeId));
            List<WorkspaceAccess> reached = access.accessOf(employeeId).stream().map(access -> {
                var mark = pending.find(access.workspaceName(), employeeId);
                String scope = workspaces.find(access.workspaceName()).map(WorkspaceRecord::scope).map(s -> s.name().toLowerCase()).orElse(null);
                return new WorkspaceAccess(access.workspaceName(), scope, access.scimUserId(), access.active(), List.copyOf(access.groups()),
                        List.copyOf(access.entitlements()), access.adopted(), access.updatedAt(), mark.isPresent(),
                        mark.map(PendingPeople.Mark::lastError).orElse(null));
            }).toList();
            Optional<AccountStore.AccountUser> user = account.user(employeeId);
            Optional<PendingAccount.Mark> accountMark = pendingAccount.find(employeeId);
            AccountAccess inAccount = user.map(u -> new AccountAccess(u.userId(), u.active(), List.copyOf(u.groups()), u.adopted(), u.updatedAt(),
                    accountMark.isPresent(), accountMark.map(PendingAccount.Mark::lastError).orElse(null))).orElse(null);
            List<DataAccess> data = user.filter(AccountStore.AccountUser::active).map(u -> dataAccess(u.groups())).orElse(List.of());
            return new PersonAccessView(person.employeeId(), person.userName(), person.displayName(), person.status().name(),
                    person.lastEventType(), person.lastEventAt(), reached, inAccount, data);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** The privileges Bricklayer granted to these groups, per securable, with the groups that hold them and the workspaces. */
    private List<DataAccess> dataAccess(SortedSet<String> groups) {
        Map<String, DataAccessBuilder> bySecurable = new LinkedHashMap<>();
        for (CatalogGrantStore.Granted granted : dataGrants.grantedTo(groups)) {
            Securable securable = granted.securable();
            bySecurable.computeIfAbsent(granted.metastoreId() + "|" + securable, key -> new DataAccessBuilder(securable,
                    dataGrants.workspacesWith(granted.metastoreId(), securable.catalog()))).add(granted.principal(), granted.privileges());
        }
        return bySecurable.values().stream().map(DataAccessBuilder::build).toList();
    }

    private static final class DataAccessBuilder {
        private final Securable securable;
        private final List<String> workspaces;
        private final SortedSet<String> privileges = new TreeSet<>();
        private final SortedSet<String> groups = new TreeSet<>();

        private DataAccessBuilder(Securable securable, List<String> workspaces) {
            this.securable = securable;
            this.workspaces = workspaces;
        }

        private DataAccessBuilder add(String group, SortedSet<String> granted) {
            groups.add(group);
            privileges.addAll(granted);
            return this;
        }

        private DataAccess build() {
            return new DataAccess(securable.type().wire(), securable.fullName(), new ArrayList<>(privileges), new ArrayList<>(groups), workspaces);
        }
    }

    /** A person's access. */
    public record PersonAccessView(String employeeId, String userName, String displayName, String status, String lastEventType,
                                   Instant lastEventAt, List<WorkspaceAccess> workspaces, AccountAccess account, List<DataAccess> dataAccess) {
    }

    /** Access in one workspace; {@code scope} {@code account} or {@code workspace}. */
    public record WorkspaceAccess(String workspaceName, String scope, String scimUserId, boolean active, List<String> groups,
                                  List<String> entitlements, boolean adopted, Instant updatedAt, boolean pending, String lastError) {
    }

    /** The person's account user (account scope); {@code null} when there is none. */
    public record AccountAccess(String userId, boolean active, List<String> groups, boolean adopted, Instant updatedAt, boolean pending,
                                String lastError) {
    }

    /** Unity Catalog privileges held on a catalog or schema through account groups. */
    public record DataAccess(String securableType, String fullName, List<String> privileges, List<String> groups, List<String> workspaces) {
    }
}
