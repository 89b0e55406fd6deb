package dev.bricklayer.identity;

import java.time.Clock;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.registry.WorkspaceRegistry;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.datagrants.DataGrants;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.federation.AccountScope;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.lifecycle.AccessConvergence;
import dev.bricklayer.identity.lifecycle.AccessRecorder;
import dev.bricklayer.identity.lifecycle.ConvergenceMarker;
import dev.bricklayer.identity.lifecycle.DesiredAccess;
import dev.bricklayer.identity.lifecycle.GroupMemberships;
import dev.bricklayer.identity.lifecycle.IdentityScopes;
import dev.bricklayer.identity.lifecycle.PendingAccount;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.lifecycle.WorkspaceScope;
import dev.bricklayer.identity.onboarding.WorkspaceBootstrap;
import dev.bricklayer.identity.onboarding.WorkspaceChanges;
import dev.bricklayer.identity.people.HrEventAnnouncer;
import dev.bricklayer.identity.people.HrEventApplier;
import dev.bricklayer.identity.people.UnknownLeavers;
import dev.bricklayer.identity.permissions.GrantApplier;
import dev.bricklayer.identity.permissions.GrantStore;
import dev.bricklayer.identity.permissions.PermissionsClient;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimPrincipals;
import dev.bricklayer.identity.scim.ScimServicePrincipalsClient;
import dev.bricklayer.identity.scim.ScimUsers;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.work.WorkspaceWork;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * Wires identity-service, from the clients up: stores, SCIM and Permissions API clients, the convergence of people's
 * access, the table of identity scopes (the account scope's own parts are {@link AccountScopeConfiguration}'s),
 * workspace onboarding, HR events, the workspaces' work. It lives at the top of the service so that no
 * package below has to know it. The access rules are loaded and checked at start: a bad file stops the service,
 * naming the file, the path in it and the rule.
 */
@Configuration
public class IdentityServiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityServiceConfiguration.class);

    @Bean
    AccessRules accessRules(IdentityProperties properties, ObjectMapper mapper) {
        AccessRules rules = AccessRules.load(properties.accessRulesDir(), mapper);
        log.info("Access rules from {}: {} rules, versions {}", properties.accessRulesDir(), rules.all().size(), rules.versions());
        return rules;
    }

    @Bean
    PeopleStore peopleStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new PeopleStore(jdbc, mapper);
    }

    @Bean
    AccessStore accessStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new AccessStore(jdbc, mapper);
    }

    @Bean
    PendingPeople pendingPeople(JdbcTemplate jdbc, Clock clock) {
        return new PendingPeople(jdbc, clock);
    }

    @Bean
    WorkspaceStore workspaceStore(JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        return new WorkspaceStore(jdbc, mapper, clock);
    }

    @Bean
    GrantStore grantStore(JdbcTemplate jdbc, Clock clock) {
        return new GrantStore(jdbc, clock);
    }

    @Bean
    ScimUsersClient scimUsersClient(ApiClientFactory clients) {
        return new ScimUsersClient(clients);
    }

    @Bean
    ScimGroupsClient scimGroupsClient(ApiClientFactory clients) {
        return new ScimGroupsClient(clients);
    }

    @Bean
    ScimServicePrincipalsClient scimServicePrincipalsClient(ApiClientFactory clients) {
        return new ScimServicePrincipalsClient(clients);
    }

    @Bean
    ScimUsers scimUsers(ScimUsersClient users) {
        return new ScimUsers(users);
    }

    @Bean
    ScimPrincipals scimPrincipals(ScimGroupsClient groups, ScimServicePrincipalsClient servicePrincipals) {
        return new ScimPrincipals(groups, servicePrincipals);
    }

    @Bean
    PermissionsClient permissionsClient(ApiClientFactory clients) {
        return new PermissionsClient(clients);
    }

    @Bean
    ManagedPrincipals managedPrincipals(ScimPrincipals scim, JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        return new ManagedPrincipals(scim, jdbc, mapper, clock);
    }

    @Bean
    DesiredAccess desiredAccess(AccessRules rules) {
        return new DesiredAccess(rules);
    }

    @Bean
    PendingAccount pendingAccount(JdbcTemplate jdbc, Clock clock) {
        return new PendingAccount(jdbc, clock);
    }

    @Bean
    ConvergenceMarker convergenceMarker(PeopleStore people, AccessStore access, PendingPeople pending, PendingAccount account, DesiredAccess desired) {
        return new ConvergenceMarker(people, access, pending, account, desired);
    }

    @Bean
    GroupMemberships groupMemberships(ScimGroupsClient groups, ManagedPrincipals principals, IdentityProperties properties) {
        return new GroupMemberships(groups, principals, properties);
    }

    @Bean
    AccessRecorder accessRecorder(AccessStore access, PendingPeople pending, EventPublisher events, IdentityProperties properties, Clock clock) {
        return new AccessRecorder(access, pending, events, properties, clock);
    }

    @Bean
    AccessConvergence accessConvergence(PeopleStore people, AccessStore access, PendingPeople pending, DesiredAccess desired,
                                        ManagedPrincipals principals, ScimUsers users, GroupMemberships memberships, AccessRecorder recorder,
                                        IdentityProperties properties) {
        return new AccessConvergence(people, access, pending, desired, principals, users, memberships, recorder, properties);
    }

    @Bean
    GrantApplier grantApplier(PermissionsClient permissions, GrantStore store, EventPublisher events, IdentityProperties properties, Clock clock) {
        return new GrantApplier(permissions, store, events, properties, clock);
    }

    /** What each identity scope does: the workspace scope here, the account scope from {@link AccountScopeConfiguration}. */
    @Bean
    IdentityScopes identityScopes(ManagedPrincipals principals, AccessConvergence people, AccountScope account) {
        return new IdentityScopes(Map.of(IdentityScope.WORKSPACE, new WorkspaceScope(principals, people), IdentityScope.ACCOUNT, account));
    }

    @Bean
    WorkspaceBootstrap workspaceBootstrap(WorkspaceStore store, ManagedPrincipals principals, ConvergenceMarker marker,
                                          IdentityScopes scopes, AccessStore access, GrantApplier grants, GrantStore grantObjects,
                                          EventPublisher events, IdentityProperties properties, Clock clock) {
        return new WorkspaceBootstrap(store, principals, marker, scopes, access, grants, grantObjects, events, properties, clock);
    }

    @Bean
    WorkspaceChanges workspaceChanges(WorkspaceStore store, GrantStore grants, DataGrants dataGrants, ConvergenceMarker marker,
                                      ObjectProvider<WorkspaceRegistry> registry, ObjectMapper mapper, IdentityProperties properties) {
        return new WorkspaceChanges(store, grants, dataGrants, marker, registry.getIfAvailable(), mapper, properties.registryWait());
    }

    @Bean
    WorkspaceWork workspaceWork(WorkspaceLanes lanes, Leases leases, WorkspaceStore store, WorkspaceBootstrap bootstrap, IdentityScopes scopes,
                                PendingPeople pending, GrantApplier grants, WorkspaceChanges changes, IdentityProperties properties,
                                Clock clock) {
        return new WorkspaceWork(lanes, leases, store, bootstrap, scopes, pending, grants, changes, properties, clock);
    }

    @Bean
    UnknownLeavers unknownLeavers(WorkspaceStore workspaces, ManagedPrincipals principals, ScimUsersClient users, AccessStore access, Clock clock) {
        return new UnknownLeavers(workspaces, principals, users, access, clock);
    }

    @Bean
    HrEventAnnouncer hrEventAnnouncer(EventPublisher events, Clock clock) {
        return new HrEventAnnouncer(events, clock);
    }

    @Bean
    HrEventApplier hrEventApplier(PeopleStore people, WorkspaceStore workspaces, ConvergenceMarker marker, UnknownLeavers unknownLeavers,
                                  HrEventOrder order, HrEventAnnouncer announcer, TransactionTemplate transactions, Clock clock) {
        return new HrEventApplier(people, workspaces, marker, unknownLeavers, order, announcer, transactions, clock);
    }

    /** People evaluated with other rules than these are re-evaluated. */
    @Bean
    ApplicationRunner rulesInForce(WorkspaceChanges changes, WorkspaceWork work, AccessRules rules) {
        return args -> changes.rulesInForce(rules.fingerprint()).forEach(work::wake);
    }
}
