package dev.bricklayer.token;

import java.time.Clock;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkProperties;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.token.config.TokenServiceProperties;
import dev.bricklayer.token.leaver.LeaverRevocation;
import dev.bricklayer.token.people.LeaverRule;
import dev.bricklayer.token.people.PeopleStore;
import dev.bricklayer.token.permissions.TokenPermissionsClient;
import dev.bricklayer.token.policy.TokenPermissionsReconciler;
import dev.bricklayer.token.policy.TokenPolicyApplier;
import dev.bricklayer.token.revocation.Revocations;
import dev.bricklayer.token.scim.ScimClient;
import dev.bricklayer.token.sweep.SweepService;
import dev.bricklayer.token.sweep.SweepStore;
import dev.bricklayer.token.sweep.WorkspaceSweeper;
import dev.bricklayer.token.tokens.TokenManagementClient;
import dev.bricklayer.token.tokens.TokensClient;
import dev.bricklayer.token.workspace.WorkspaceStore;

/**
 * Wires token-service: the Databricks clients, the stores, policy application, sweeps and leaver revocation (background
 * work on common's workspace lanes, leases and Spring's scheduling).
 */
@Configuration
public class TokenServiceConfiguration {

    @Bean
    TokenManagementClient tokenManagementClient(ApiClientFactory clients) {
        return new TokenManagementClient(clients);
    }

    @Bean
    TokensClient tokensClient(ApiClientFactory clients) {
        return new TokensClient(clients);
    }

    @Bean
    WorkspaceConfClient workspaceConfClient(ApiClientFactory clients) {
        return new WorkspaceConfClient(clients);
    }

    @Bean
    TokenPermissionsClient tokenPermissionsClient(ApiClientFactory clients) {
        return new TokenPermissionsClient(clients);
    }

    @Bean
    ScimClient scimClient(ApiClientFactory clients) {
        return new ScimClient(clients);
    }

    @Bean
    WorkspaceStore workspaceStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new WorkspaceStore(jdbc, mapper);
    }

    @Bean
    SweepStore sweepStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new SweepStore(jdbc, transactions);
    }

    @Bean
    Revocations revocations(JdbcTemplate jdbc, TransactionTemplate transactions, TokenManagementClient tokenManagement,
                            EventPublisher events) {
        return new Revocations(jdbc, transactions, tokenManagement, events);
    }

    @Bean
    WorkspaceSweeper workspaceSweeper(WorkspaceStore workspaces, SweepStore sweeps, TokenManagementClient tokenManagement,
                                      ScimClient scim, Revocations revocations, EventPublisher events, Clock clock) {
        return new WorkspaceSweeper(workspaces, sweeps, tokenManagement, scim, revocations, events, clock);
    }

    /**
     * Sweeps on common's lanes and leases. A sweep's lease ({@code sweep-stale-after}) must be kept well within its
     * duration, or another instance takes the workspace over while it is swept: refused at start otherwise.
     */
    @Bean
    SweepService sweepService(SweepStore store, WorkspaceStore workspaces, WorkspaceSweeper sweeper, WorkspaceLanes lanes,
                              Leases leases, WorkProperties work, TokenServiceProperties properties) {
        if (work.leaseKeepInterval().multipliedBy(3).compareTo(properties.sweepStaleAfter()) > 0) {
            throw new IllegalStateException("bricklayer.work.lease-keep-interval (" + work.leaseKeepInterval() + ") must be at most a "
                    + "third of bricklayer.token.sweep-stale-after (" + properties.sweepStaleAfter() + ")");
        }
        return new SweepService(store, workspaces, sweeper, lanes, leases, properties);
    }

    @Bean
    TokenPermissionsReconciler tokenPermissionsReconciler(TokenPermissionsClient permissions, TokensClient tokens, ScimClient scim,
                                                          TokenServiceProperties properties) {
        return new TokenPermissionsReconciler(permissions, tokens, scim, properties.principalWait(), properties.principalWaitFirstPause(),
                properties.bootstrapTokenLifetime(), properties.bootstrapTokenComment());
    }

    /** Policies written under common's leases ({@code policy:<workspace>}), kept like the sweeps' (checked likewise). */
    @Bean
    TokenPolicyApplier tokenPolicyApplier(WorkspaceStore workspaces, WorkspaceConfClient conf, TokenPermissionsReconciler permissions,
                                          SweepService sweeps, EventPublisher events, WorkspaceLanes lanes, Leases leases,
                                          WorkProperties work, TokenServiceProperties properties, Clock clock) {
        if (work.leaseKeepInterval().multipliedBy(3).compareTo(properties.policyLeaseDuration()) > 0) {
            throw new IllegalStateException("bricklayer.work.lease-keep-interval (" + work.leaseKeepInterval() + ") must be at most a "
                    + "third of bricklayer.token.policy-lease-duration (" + properties.policyLeaseDuration() + ")");
        }
        return new TokenPolicyApplier(workspaces, conf, permissions, sweeps, events, lanes, leases, properties.policyLeaseDuration(), clock);
    }

    @Bean
    LeaverRevocation leaverRevocation(WorkspaceStore workspaces, TokenManagementClient tokenManagement, Revocations revocations,
                                      TokenServiceProperties properties) {
        return new LeaverRevocation(workspaces, tokenManagement, revocations, properties.sweepParallelism());
    }

    @Bean
    PeopleStore peopleStore(JdbcTemplate jdbc) {
        return new PeopleStore(jdbc);
    }

    @Bean
    LeaverRule leaverRule(PeopleStore people, HrEventOrder order, LeaverRevocation leavers) {
        return new LeaverRule(people, order, leavers);
    }

    /**
     * At start, token policies not applied when an instance stopped are applied now — under their workspaces' leases, as
     * the {@code policy-poll-interval} look-up takes them.
     */
    @Bean
    ApplicationRunner resumePolicies(TokenPolicyApplier policies) {
        return args -> policies.resumePending();
    }
}
