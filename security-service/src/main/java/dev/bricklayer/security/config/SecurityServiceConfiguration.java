package dev.bricklayer.security.config;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.security.clusters.ClusterReconciler;
import dev.bricklayer.security.drift.DriftSchedule;
import dev.bricklayer.security.ipaccess.IpAccessListReconciler;
import dev.bricklayer.security.ipaccess.PlatformEgress;
import dev.bricklayer.security.policies.ClusterPolicyReconciler;
import dev.bricklayer.security.policies.PolicyDefinitions;
import dev.bricklayer.security.reconcile.DesiredStateChecks;
import dev.bricklayer.security.reconcile.WorkspaceLanes;
import dev.bricklayer.security.reconcile.WorkspaceReconciler;
import dev.bricklayer.security.reconcile.WorkspaceSecurity;
import dev.bricklayer.security.state.SecuredWorkspaceStore;

/** Wires security-service: the store, the reconcilers, the worker lanes and the drift schedule. */
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
    WorkspaceReconciler workspaceReconciler(ApiClientFactory clients, SecuredWorkspaceStore store, EventPublisher events,
                                            PlatformEgress egress, ObjectMapper mapper, SecurityServiceProperties properties) {
        return new WorkspaceReconciler(clients, store, events, new DesiredStateChecks(egress, mapper),
                new IpAccessListReconciler(egress), new ClusterPolicyReconciler(new PolicyDefinitions(mapper)),
                new ClusterReconciler(mapper), properties.callTimeout());
    }

    @Bean(destroyMethod = "close")
    WorkspaceLanes workspaceLanes(SecurityServiceProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return new WorkspaceLanes(Executors.newFixedThreadPool(properties.workers(), runnable -> {
            Thread thread = new Thread(runnable, "reconcile-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    @Bean
    WorkspaceSecurity workspaceSecurity(SecuredWorkspaceStore store, WorkspaceReconciler reconciler, WorkspaceLanes lanes) {
        return new WorkspaceSecurity(store, reconciler, lanes);
    }

    @Bean
    DriftSchedule driftSchedule(WorkspaceSecurity security, SecurityServiceProperties properties) {
        return new DriftSchedule(security::scheduledRound, properties.driftInterval());
    }

    /** Reconciles that had not ended when the service stopped run again. */
    @Bean
    ApplicationRunner resumeReconciles(WorkspaceSecurity security) {
        return args -> security.resume();
    }
}
