package dev.bricklayer.token.config;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.token.leaver.LeaverRevocation;
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

/** Wires token-service: the Databricks clients, the stores, policy application, sweeps and leaver revocation. */
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
                                      ScimClient scim, Revocations revocations, EventPublisher events) {
        return new WorkspaceSweeper(workspaces, sweeps, tokenManagement, scim, revocations, events);
    }

    @Bean
    SweepService sweepService(SweepStore store, WorkspaceStore workspaces, WorkspaceSweeper sweeper, TokenServiceProperties properties) {
        return new SweepService(store, workspaces, sweeper, properties);
    }

    @Bean
    TokenPermissionsReconciler tokenPermissionsReconciler(TokenPermissionsClient permissions, TokensClient tokens, ScimClient scim,
                                                          TokenServiceProperties properties) {
        return new TokenPermissionsReconciler(permissions, tokens, scim, properties.principalWait(), properties.principalWaitFirstPause(),
                properties.bootstrapTokenLifetime(), properties.bootstrapTokenComment());
    }

    @Bean
    TokenPolicyApplier tokenPolicyApplier(WorkspaceStore workspaces, WorkspaceConfClient conf, TokenPermissionsReconciler permissions,
                                          SweepService sweeps, EventPublisher events, TokenServiceProperties properties) {
        return new TokenPolicyApplier(workspaces, conf, permissions, sweeps, events, properties.policyParallelism());
    }

    @Bean(destroyMethod = "close")
    LeaverRevocation leaverRevocation(WorkspaceStore workspaces, TokenManagementClient tokenManagement, Revocations revocations,
                                      TokenServiceProperties properties) {
        return new LeaverRevocation(workspaces, tokenManagement, revocations, properties.sweepParallelism());
    }

    /** Token policies not applied when the service stopped are applied now. */
    @Bean
    ApplicationRunner resumePolicies(TokenPolicyApplier policies) {
        return args -> policies.resumePending();
    }
}
