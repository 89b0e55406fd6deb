package dev.bricklayer.identity;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.identity.account.AccountGroupsClient;
import dev.bricklayer.identity.account.AccountUsersClient;
import dev.bricklayer.identity.account.IdentityResolutionClient;
import dev.bricklayer.identity.account.WorkspaceAssignmentsClient;
import dev.bricklayer.identity.config.AccountScopeProperties;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.datagrants.CatalogGrantStore;
import dev.bricklayer.identity.datagrants.DataGrants;
import dev.bricklayer.identity.datagrants.UnityCatalogPermissionsClient;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.federation.AccountConvergence;
import dev.bricklayer.identity.federation.AccountGroups;
import dev.bricklayer.identity.federation.AccountPeople;
import dev.bricklayer.identity.federation.AccountScope;
import dev.bricklayer.identity.federation.AccountStore;
import dev.bricklayer.identity.federation.AccountUsers;
import dev.bricklayer.identity.federation.AccountWork;
import dev.bricklayer.identity.federation.AssignmentStore;
import dev.bricklayer.identity.federation.GroupAssignments;
import dev.bricklayer.identity.lifecycle.AccessRecorder;
import dev.bricklayer.identity.lifecycle.DesiredAccess;
import dev.bricklayer.identity.lifecycle.GroupMemberships;
import dev.bricklayer.identity.lifecycle.PendingAccount;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * Wires the account scope, from the clients of the account host and of Unity Catalog up to {@link AccountScope}, which
 * {@link IdentityServiceConfiguration} puts beside the workspace scope in the table of scopes.
 */
@Configuration
public class AccountScopeConfiguration {

    @Bean
    AccountUsersClient accountUsersClient(ApiClientFactory clients) {
        return new AccountUsersClient(clients);
    }

    @Bean
    AccountGroupsClient accountGroupsClient(ApiClientFactory clients) {
        return new AccountGroupsClient(clients);
    }

    @Bean
    WorkspaceAssignmentsClient workspaceAssignmentsClient(ApiClientFactory clients) {
        return new WorkspaceAssignmentsClient(clients);
    }

    @Bean
    IdentityResolutionClient identityResolutionClient(ApiClientFactory clients) {
        return new IdentityResolutionClient(clients);
    }

    @Bean
    UnityCatalogPermissionsClient unityCatalogPermissionsClient(ApiClientFactory clients) {
        return new UnityCatalogPermissionsClient(clients);
    }

    @Bean
    AccountStore accountStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        return new AccountStore(jdbc, mapper, clock);
    }

    @Bean
    AssignmentStore assignmentStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        return new AssignmentStore(jdbc, mapper, clock);
    }

    @Bean
    CatalogGrantStore catalogGrantStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        return new CatalogGrantStore(jdbc, mapper, clock);
    }

    @Bean
    AccountUsers accountUsers(AccountUsersClient users, IdentityResolutionClient resolution) {
        return new AccountUsers(users, resolution);
    }

    @Bean
    AccountGroups accountGroups(AccountGroupsClient groups, IdentityResolutionClient resolution, AccountStore store,
                                AccountScopeProperties properties) {
        return new AccountGroups(groups, resolution, store, properties);
    }

    @Bean
    GroupAssignments groupAssignments(AccountGroups groups, WorkspaceAssignmentsClient assignments, ScimGroupsClient workspaceGroups,
                                      AssignmentStore store, AccessRules rules, EventPublisher events, Clock clock) {
        return new GroupAssignments(groups, assignments, workspaceGroups, store, rules, events, clock);
    }

    @Bean
    AccountPeople accountPeople(AccountStore store, PendingAccount pending, PeopleStore people, WorkspaceStore workspaces, DesiredAccess desired, AccountUsers users,
                                AccountGroups groups, GroupMemberships memberships, Leases leases, IdentityProperties properties,
                                AccountScopeProperties account, Clock clock, ApplicationEventPublisher events) {
        return new AccountPeople(store, pending, people, workspaces, desired, users, groups, memberships, leases, properties, account, clock,
                events);
    }

    @Bean
    AccountConvergence accountConvergence(PeopleStore people, AccessStore access, PendingPeople pending, DesiredAccess desired,
                                          AccountStore account, PendingAccount accountMarks, AccountPeople accountPeople,
                                          ScimUsersClient workspaceUsers,
                                          AccessRecorder recorder, IdentityProperties properties, AccountScopeProperties scope) {
        return new AccountConvergence(people, access, pending, desired, account, accountMarks, accountPeople, workspaceUsers, recorder, properties,
                scope.automaticIdentityManagement());
    }

    @Bean
    DataGrants dataGrants(UnityCatalogPermissionsClient client, CatalogGrantStore store, WorkspaceStore workspaces, AccessRules rules,
                          EventPublisher events, IdentityProperties properties, Clock clock) {
        return new DataGrants(client, store, workspaces, rules, events, properties, clock);
    }

    @Bean
    AccountWork accountWork(WorkspaceLanes lanes, PendingAccount pending, AccountPeople people, IdentityProperties properties) {
        return new AccountWork(lanes, pending, people, properties);
    }

    @Bean
    AccountScope accountScope(GroupAssignments assignments, AccountConvergence people, DataGrants dataGrants) {
        return new AccountScope(assignments, people, dataGrants);
    }
}
