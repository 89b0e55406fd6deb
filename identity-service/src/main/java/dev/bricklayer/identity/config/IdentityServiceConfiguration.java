package dev.bricklayer.identity.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.registry.WorkspaceRegistry;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.common.web.ApiSecurity;
import dev.bricklayer.identity.lifecycle.JoinerMoverLeaver;
import dev.bricklayer.identity.lifecycle.PeopleMarks;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import dev.bricklayer.identity.people.HrEvents;
import dev.bricklayer.identity.people.PeopleStore;
import dev.bricklayer.identity.permissions.GrantStore;
import dev.bricklayer.identity.permissions.Grants;
import dev.bricklayer.identity.permissions.PermissionsClient;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimServicePrincipalsClient;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceBootstrap;
import dev.bricklayer.identity.workspace.WorkspaceLifecycle;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import dev.bricklayer.identity.workspace.WorkspaceWorkers;

/**
 * Wires identity-service. The access rules are loaded and checked at start: a bad file stops the service, naming
 * the file, the path in it and the rule.
 */
@Configuration
@EnableWebFluxSecurity
public class IdentityServiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityServiceConfiguration.class);

    @Bean
    AccessRules accessRules(IdentityProperties properties, ObjectMapper mapper) {
        AccessRules rules = AccessRules.load(properties.accessRulesDir(), mapper);
        log.info("Access rules from {}: {} rules, versions {}", properties.accessRulesDir(), rules.all().size(), rules.versions());
        return rules;
    }

    @Bean
    EventSchemaValidator eventSchemaValidator(ObjectMapper mapper) {
        return new EventSchemaValidator(mapper);
    }

    @Bean
    PeopleStore peopleStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new PeopleStore(jdbc, mapper);
    }

    @Bean
    PendingPeople pendingPeople(JdbcTemplate jdbc) {
        return new PendingPeople(jdbc);
    }

    @Bean
    WorkspaceStore workspaceStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new WorkspaceStore(jdbc, mapper);
    }

    @Bean
    GrantStore grantStore(JdbcTemplate jdbc) {
        return new GrantStore(jdbc);
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
    PermissionsClient permissionsClient(ApiClientFactory clients) {
        return new PermissionsClient(clients);
    }

    @Bean
    ManagedPrincipals managedPrincipals(ScimGroupsClient groups, ScimServicePrincipalsClient servicePrincipals, WorkspaceStore store) {
        return new ManagedPrincipals(groups, servicePrincipals, store);
    }

    @Bean
    JoinerMoverLeaver joinerMoverLeaver(PeopleStore people, PendingPeople pending, WorkspaceStore workspaces, ManagedPrincipals principals,
                                        ScimUsersClient users, ScimGroupsClient groups, EventPublisher events, AccessRules rules,
                                        IdentityProperties properties) {
        return new JoinerMoverLeaver(people, pending, workspaces, principals, users, groups, events, rules, properties);
    }

    @Bean
    PeopleMarks peopleMarks(PeopleStore people, PendingPeople pending, JoinerMoverLeaver lifecycle) {
        return new PeopleMarks(people, pending, lifecycle);
    }

    @Bean
    Grants grants(PermissionsClient permissions, GrantStore store, EventPublisher events, IdentityProperties properties) {
        return new Grants(permissions, store, events, properties);
    }

    @Bean
    WorkspaceBootstrap workspaceBootstrap(WorkspaceStore store, ManagedPrincipals principals, PeopleMarks marks, JoinerMoverLeaver people,
                                          PeopleStore projection, Grants grants, GrantStore grantObjects, EventPublisher events,
                                          IdentityProperties properties) {
        return new WorkspaceBootstrap(store, principals, marks, people, projection, grants, grantObjects, events, properties);
    }

    @Bean
    WorkspaceWorkers workspaceWorkers(WorkspaceStore store, WorkspaceBootstrap bootstrap, JoinerMoverLeaver people, PendingPeople pending,
                                      Grants grants, IdentityProperties properties) {
        return new WorkspaceWorkers(store, bootstrap, people, pending, grants, properties);
    }

    @Bean
    WorkspaceLifecycle workspaceLifecycle(WorkspaceStore store, GrantStore grants, PeopleMarks marks, WorkspaceWorkers workers,
                                          ObjectProvider<WorkspaceRegistry> registry, ObjectMapper mapper, IdentityProperties properties) {
        WorkspaceLifecycle lifecycle = new WorkspaceLifecycle(store, grants, marks, workers, registry.getIfAvailable(), mapper,
                properties.registryWait());
        workers.onTagsRefresh(lifecycle::refreshTags);
        return lifecycle;
    }

    @Bean
    HrEvents hrEventService(EventSchemaValidator schemas, ObjectMapper mapper, PeopleStore people, WorkspaceStore workspaces, PeopleMarks marks,
                      ScimUsersClient users, TransactionTemplate transactions) {
        return new HrEvents(schemas, mapper, people, workspaces, marks, users, transactions);
    }

    /** People evaluated with other rules than these are re-evaluated. */
    @Bean
    ApplicationRunner rulesInForce(WorkspaceLifecycle lifecycle, AccessRules rules) {
        return args -> lifecycle.rulesInForce(rules.fingerprint());
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder, IdentityProperties properties) {
        return ApiSecurity.chain(http, decoder, exchanges -> exchanges
                .pathMatchers(HttpMethod.GET, "/api/v1/people/**").hasAuthority(properties.readerRole()));
    }
}
