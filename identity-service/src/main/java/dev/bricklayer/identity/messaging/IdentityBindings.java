package dev.bricklayer.identity.messaging;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.events.security.CatalogProvisioned;
import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.ClusterProvisioned;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.identity.onboarding.WorkspaceChanges;
import dev.bricklayer.identity.people.HrEventAnnouncer;
import dev.bricklayer.identity.people.HrEventApplier;
import dev.bricklayer.identity.people.HrEventOutcome;
import dev.bricklayer.identity.work.WorkspaceWork;

/**
 * identity-service's functional bindings (wired in {@code application.yml}), built with the common routes: each
 * checks the CloudEvents envelope, the type against what its topic carries and the body, and sends what can never
 * be processed to its dead-letter topic at once with the reason (one WARN line), then goes on.
 * {@code hrEvents} applies HR events (Kafka key = employee id), announcing a refused one as {@code HrEventRejected};
 * {@code workspaceEvents} bootstraps ready workspaces and forgets decommissioned ones; {@code securityEvents}
 * records the cluster policies, clusters and Unity Catalog catalogs grants are set on. Work that follows is woken in the workspaces.
 */
@Configuration
public class IdentityBindings {

    private static final Logger log = LoggerFactory.getLogger(IdentityBindings.class);

    @Bean
    public Consumer<Message<byte[]>> hrEvents(EventRouting routing, HrEventApplier people, HrEventAnnouncer announcer, WorkspaceWork work) {
        return routing.binding("hrEvents-in-0")
                .on(UserJoined.class, (joined, incoming) -> applied(people.joined(joined, incoming), incoming, work))
                .on(UserMoved.class, (moved, incoming) -> applied(people.moved(moved, incoming), incoming, work))
                .on(UserLeft.class, (left, incoming) -> applied(people.left(left, incoming), incoming, work))
                .carried(HrTopics.PEOPLE_TYPES)
                .keyedBy("/employeeId", "employee id")
                .announceRejections(announcer::rejected)
                .build();
    }

    @Bean
    public Consumer<Message<byte[]>> workspaceEvents(EventRouting routing, WorkspaceChanges workspaces, WorkspaceWork work) {
        return routing.binding("workspaceEvents-in-0")
                .on(WorkspaceReady.class, (ready, incoming) -> {
                    if (workspaces.ready(ready)) {
                        work.wake(ready.workspaceName());
                    }
                })
                .on(WorkspaceDecommissioned.class, (decommissioned, incoming) -> {
                    work.forget(decommissioned.workspaceName());
                    workspaces.decommissioned(decommissioned);
                })
                .carried(WorkspaceTopics.EVENT_TYPES)
                .build();
    }

    @Bean
    public Consumer<Message<byte[]>> securityEvents(EventRouting routing, WorkspaceChanges workspaces, WorkspaceWork work) {
        return routing.binding("securityEvents-in-0")
                .on(ClusterPolicyApplied.class, (policy, incoming) -> {
                    if (workspaces.announced(policy.workspaceName(), PermissionObjectType.CLUSTER_POLICIES, policy.policyName(), policy.policyId())) {
                        work.wake(policy.workspaceName());
                    }
                })
                .on(ClusterProvisioned.class, (cluster, incoming) -> {
                    if (workspaces.announced(cluster.workspaceName(), PermissionObjectType.CLUSTERS, cluster.clusterName(), cluster.clusterId())) {
                        work.wake(cluster.workspaceName());
                    }
                })
                .on(CatalogProvisioned.class, (catalog, incoming) -> {
                    workspaces.catalogProvisioned(catalog);
                    work.wake(catalog.workspaceName());
                })
                .carried(SecurityTopics.EVENT_TYPES)
                .build();
    }

    private static void applied(HrEventOutcome outcome, IncomingEvent incoming, WorkspaceWork work) {
        if (outcome instanceof HrEventOutcome.Applied applied) {
            log.info("{} for {} applied; work in {}", incoming.shortType(), applied.employeeId(), applied.workspaces());
            applied.workspaces().forEach(work::wake);
        }
    }
}
