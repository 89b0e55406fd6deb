package dev.bricklayer.security.config;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.work.Leases;
import dev.bricklayer.common.work.WorkProperties;
import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.security.catalogs.CatalogPlanner;
import dev.bricklayer.security.clusters.ClusterReconciler;
import dev.bricklayer.security.drift.DriftSchedule;
import dev.bricklayer.security.ipaccess.IpAccessListReconciler;
import dev.bricklayer.security.ipaccess.PlatformEgress;
import dev.bricklayer.security.policies.ClusterPolicyReconciler;
import dev.bricklayer.security.policies.PolicyDefinitions;
import dev.bricklayer.security.reconcile.DesiredStateChecks;
import dev.bricklayer.security.reconcile.WorkspacePasses;
import dev.bricklayer.security.reconcile.WorkspacePlanner;
import dev.bricklayer.security.reconcile.WorkspaceReconciler;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/**
 * Wires security-service: the store, the planners and the reconciler, the passes (in common's workspace lanes, under
 * common's leases) and the drift schedule (on common's leases).
 */
@Configuration
public class SecurityServiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityServiceConfiguration.class);

    @Bean
    PlatformEgress platformEgress(SecurityServiceProperties properties) {
        if (properties.platformEgressRanges().isEmpty()) {
            log.warn("bricklayer.security.platform-egress-ranges is empty: desired states with ALLOW lists will be refused "
                    + "(the platform could not be kept allowed)");
        }
        return new PlatformEgress(properties.platformEgressRanges(), properties.managePlatformAllowList(),
                properties.platformAllowListLabel());
    }

    @Bean
    SecuredWorkspaceStore securedWorkspaceStore(JdbcTemplate jdbc, ObjectMapper mapper) {
        return new SecuredWorkspaceStore(jdbc, mapper);
    }

    @Bean
    WorkspacePlanner workspacePlanner(ApiClientFactory clients, SecuredWorkspaceStore store, PlatformEgress egress, ObjectMapper mapper,
                                      SecurityServiceProperties properties) {
        return new WorkspacePlanner(clients, store, new DesiredStateChecks(egress, mapper), new IpAccessListReconciler(egress),
                new ClusterPolicyReconciler(new PolicyDefinitions(mapper)), new ClusterReconciler(mapper), new CatalogPlanner(),
                properties.callTimeout());
    }

    @Bean
    WorkspaceReconciler workspaceReconciler(WorkspacePlanner planner, SecuredWorkspaceStore store, EventPublisher events,
                                            SecurityServiceProperties properties) {
        return new WorkspaceReconciler(planner, store, events, properties.callTimeout());
    }

    /**
     * Passes in common's lanes, under common's leases ({@code security:<workspace>} for {@code lease-duration}), kept every
     * {@code bricklayer.work.lease-keep-interval}: refused at start unless that is a third of the duration or less.
     */
    @Bean
    WorkspacePasses workspacePasses(SecuredWorkspaceStore store, WorkspaceReconciler reconciler, WorkspaceLanes lanes, Leases leases,
                                    WorkProperties work, SecurityServiceProperties properties, Clock clock) {
        if (work.leaseKeepInterval().multipliedBy(3).compareTo(properties.leaseDuration()) > 0) {
            throw new IllegalStateException("bricklayer.work.lease-keep-interval (" + work.leaseKeepInterval() + ") must be at most a "
                    + "third of bricklayer.security.lease-duration (" + properties.leaseDuration() + ")");
        }
        return new WorkspacePasses(store, reconciler, lanes, leases, properties.leaseDuration(), properties.leaseWait(), clock);
    }

    @Bean
    DriftSchedule driftSchedule(WorkspacePasses passes, Leases leases, SecurityServiceProperties properties) {
        return new DriftSchedule(passes, leases, properties.driftInterval());
    }

    /**
     * At start, reconciles that had not ended when an instance stopped run again — under their workspaces' leases, as
     * the {@code poll-interval} look-up takes them.
     */
    @Bean
    ApplicationRunner resumeReconciles(WorkspacePasses passes) {
        return args -> passes.resume();
    }
}
