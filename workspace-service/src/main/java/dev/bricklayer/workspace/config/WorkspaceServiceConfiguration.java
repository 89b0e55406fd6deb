package dev.bricklayer.workspace.config;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.workspace.arm.ArmDeploymentClient;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;
import dev.bricklayer.workspace.metastore.AccountMetastoresClient;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.onboarding.WorkspaceOnboarding;
import dev.bricklayer.workspace.onboarding.WorkspacePlanner;
import dev.bricklayer.workspace.onboarding.WorkspaceStore;
import dev.bricklayer.workspace.request.AzureRegions;
import dev.bricklayer.workspace.request.WorkspaceRequestValidator;

/** Wires workspace-service; blueprints are loaded and checked at start (a bad one stops the service, naming it). */
@Configuration
public class WorkspaceServiceConfiguration {

    @Bean
    BlueprintCatalog blueprintCatalog(WorkspaceServiceProperties properties, ObjectMapper mapper) {
        return BlueprintCatalog.load(properties.blueprintsDir(), mapper);
    }

    @Bean
    WorkspaceStore workspaceStore(JdbcTemplate jdbc) {
        return new WorkspaceStore(jdbc);
    }

    @Bean
    WorkspaceProvisioner workspaceProvisioner(ApiClientFactory clients, WorkspaceServiceProperties properties) {
        return new WorkspaceProvisioner(new ArmDeploymentClient(clients), properties.pollFirstPause(), properties.pollMaxPause(),
                properties.deployTimeout());
    }

    @Bean
    WorkspaceRequestValidator workspaceRequestValidator(BlueprintCatalog blueprints, WorkspaceServiceProperties properties) {
        return new WorkspaceRequestValidator(blueprints, new AzureRegions(properties.regions()));
    }

    /** The metastore step, on the account API ({@code bricklayer.http.account-base-url}, {@code account-id}). */
    @Bean
    MetastoreAssignment metastoreAssignment(ApiClientFactory clients) {
        return new MetastoreAssignment(new AccountMetastoresClient(clients));
    }

    @Bean
    WorkspaceOnboarding workspaceOnboarding(WorkspaceRequestValidator validator, WorkspaceProvisioner provisioner,
                                            MetastoreAssignment metastores, WorkspaceStore store, EventPublisher events,
                                            ObjectMapper mapper) {
        return new WorkspaceOnboarding(validator, provisioner, metastores, store, events, mapper);
    }

    @Bean
    WorkspacePlanner workspacePlanner(MetastoreAssignment metastores, ObjectMapper mapper) {
        return new WorkspacePlanner(metastores, mapper);
    }

    /** Deployments under way when the service stopped are followed again. */
    @Bean
    ApplicationRunner resumeDeployments(WorkspaceOnboarding onboarding) {
        return args -> onboarding.resume();
    }
}
