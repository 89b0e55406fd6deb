package dev.bricklayer.workspace.config;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkProperties;
import dev.bricklayer.workspace.arm.ArmDeploymentClient;
import dev.bricklayer.workspace.arm.WorkspaceProvisioner;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;
import dev.bricklayer.workspace.metastore.AccountMetastoresClient;
import dev.bricklayer.workspace.metastore.MetastoreAssignment;
import dev.bricklayer.workspace.onboarding.Deployments;
import dev.bricklayer.workspace.onboarding.WorkspaceAnnouncements;
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
    WorkspaceAnnouncements workspaceAnnouncements(WorkspaceStore store, EventPublisher events, ObjectMapper mapper) {
        return new WorkspaceAnnouncements(store, events, mapper);
    }

    /**
     * Deployments on common's leases ({@code deploy:<workspace>} for {@code lease-duration}), kept every
     * {@code bricklayer.work.lease-keep-interval}: refused at start unless that is a third of the duration or less.
     */
    @Bean
    Deployments deployments(WorkspaceProvisioner provisioner, MetastoreAssignment metastores, WorkspaceStore store,
                            WorkspaceAnnouncements announce, ObjectMapper mapper, Leases leases, WorkProperties work,
                            WorkspaceServiceProperties properties) {
        if (work.leaseKeepInterval().multipliedBy(3).compareTo(properties.leaseDuration()) > 0) {
            throw new IllegalStateException("bricklayer.work.lease-keep-interval (" + work.leaseKeepInterval() + ") must be at most a "
                    + "third of bricklayer.workspace.lease-duration (" + properties.leaseDuration() + ")");
        }
        return new Deployments(provisioner, metastores, store, announce, mapper, leases, properties.leaseDuration());
    }

    @Bean
    WorkspaceOnboarding workspaceOnboarding(WorkspaceRequestValidator validator, WorkspaceProvisioner provisioner, Deployments deployments,
                                            WorkspaceStore store, WorkspaceAnnouncements announce, ObjectMapper mapper) {
        return new WorkspaceOnboarding(validator, provisioner, deployments, store, announce, mapper);
    }

    @Bean
    WorkspacePlanner workspacePlanner(MetastoreAssignment metastores, ObjectMapper mapper) {
        return new WorkspacePlanner(metastores, mapper);
    }

    /**
     * At start, deployments under way that no instance follows are taken up at once (under their leases, as the
     * {@code resume-interval} look-up does): those this instance left when it stopped, once their lease expired.
     */
    @Bean
    ApplicationRunner resumeDeployments(WorkspaceOnboarding onboarding) {
        return args -> onboarding.resume();
    }
}
