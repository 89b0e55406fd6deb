package dev.bricklayer.identity.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.identity.HrEventRejected;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.security.ClusterPolicyApplied;
import dev.bricklayer.common.events.security.ClusterProvisioned;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.identity.onboarding.WorkspaceChanges;
import dev.bricklayer.identity.people.HrEventApplier;
import dev.bricklayer.identity.people.HrEventOutcome;
import dev.bricklayer.identity.work.WorkspaceWork;

/**
 * identity-service's functional bindings (wired in {@code application.yml}): {@code hrEvents} applies HR events —
 * a bad one is announced as {@code HrEventRejected} and goes to {@code hr.people.events.dlq} with its reason, and
 * the consumer goes on; {@code workspaceEvents} bootstraps ready workspaces and forgets decommissioned ones;
 * {@code securityEvents} records the cluster policies and clusters grants are set on.
 */
@Configuration
public class IdentityBindings {

    private static final Logger log = LoggerFactory.getLogger(IdentityBindings.class);

    @Bean
    public Consumer<Message<byte[]>> hrEvents(HrEventApplier hr, WorkspaceWork workers, EventPublisher events) {
        return message -> IncomingEvent.handle(message, body -> {
            IncomingEvent event = IncomingEvent.of(message);
            HrEventOutcome outcome = hr.handle(event.type(), event.id(), body);
            if (outcome instanceof HrEventOutcome.Applied applied) {
                log.info("{} for {} applied; work in {}", shortType(event.type()), applied.employeeId(), applied.workspaces());
                applied.workspaces().forEach(workers::wake);
            } else if (outcome instanceof HrEventOutcome.Ignored ignored) {
                log.info("{} for {} ignored: {}", shortType(event.type()), ignored.employeeId(), ignored.why());
            } else if (outcome instanceof HrEventOutcome.Rejected rejected) {
                String key = rejected.employeeId() != null ? rejected.employeeId() : event.subject();
                events.publish(IdentityTopics.EVENTS, key, new HrEventRejected(rejected.employeeId(), event.type(), event.id(),
                        rejected.reason(), rejected.errors(), Instant.now())).block();
                log.warn("HR event {} ({}) rejected: {}", event.id(), event.type(), rejected.describe());
                throw new RejectedHrEventException("HR event " + event.type() + " for " + key + " rejected: " + rejected.describe());
            }
            return null;
        });
    }

    @Bean
    public Consumer<Message<byte[]>> workspaceEvents(WorkspaceChanges workspaces, WorkspaceWork workers, ObjectMapper mapper) {
        String ready = EventTypes.of(WorkspaceReady.class);
        String decommissioned = EventTypes.of(WorkspaceDecommissioned.class);
        return message -> IncomingEvent.handle(message, body -> {
            String type = IncomingEvent.of(message).type();
            if (ready.equals(type)) {
                WorkspaceReady event = read(mapper, body, WorkspaceReady.class);
                if (workspaces.ready(event)) {
                    workers.wake(event.workspaceName());
                }
            } else if (decommissioned.equals(type)) {
                WorkspaceDecommissioned event = read(mapper, body, WorkspaceDecommissioned.class);
                workers.forget(event.workspaceName());
                workspaces.decommissioned(event);
            }
            return null; // other workspace events are not identity-service's business
        });
    }

    @Bean
    public Consumer<Message<byte[]>> securityEvents(WorkspaceChanges workspaces, WorkspaceWork workers, ObjectMapper mapper) {
        String policy = EventTypes.of(ClusterPolicyApplied.class);
        String cluster = EventTypes.of(ClusterProvisioned.class);
        return message -> IncomingEvent.handle(message, body -> {
            String type = IncomingEvent.of(message).type();
            if (policy.equals(type)) {
                ClusterPolicyApplied applied = read(mapper, body, ClusterPolicyApplied.class);
                if (workspaces.announced(applied.workspaceName(), PermissionObjectType.CLUSTER_POLICIES, applied.policyName(), applied.policyId())) {
                    workers.wake(applied.workspaceName());
                }
            } else if (cluster.equals(type)) {
                ClusterProvisioned provisioned = read(mapper, body, ClusterProvisioned.class);
                if (workspaces.announced(provisioned.workspaceName(), PermissionObjectType.CLUSTERS, provisioned.clusterName(),
                        provisioned.clusterId())) {
                    workers.wake(provisioned.workspaceName());
                }
            }
            return null;
        });
    }

    private static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String shortType(String ceType) {
        return ceType == null ? "?" : ceType.replace("bricklayer.hr.", "");
    }
}
