package dev.bricklayer.token.messaging;

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
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.token.people.LeaverRule;
import dev.bricklayer.token.policy.TokenPolicyApplier;

/**
 * token-service's functional bindings (wired in {@code application.yml}), routed by common's {@link EventRouting}:
 * {@code workspaceEvents} takes {@code WorkspaceReady} (record the workspace, apply its token policy) and
 * {@code WorkspaceDecommissioned} (forget it); {@code hrEvents} takes every HR event — checked against its JSON Schema
 * and keyed by the employee id — to decide, as identity-service does, whether the person has left ({@link LeaverRule}:
 * a leaver that counts has their tokens revoked). The workspace topic's other types are left alone; a message that can
 * never be processed (a future-dated HR event among them) goes at once to the binding's dead-letter topic with the
 * reason first.
 */
@Configuration
public class TokenBindings {

    private static final Logger log = LoggerFactory.getLogger(TokenBindings.class);

    @Bean
    public Consumer<Message<byte[]>> workspaceEvents(EventRouting routing, TokenPolicyApplier policies) {
        return routing.binding("workspaceEvents-in-0")
                .on(WorkspaceReady.class, (ready, event) -> policies.onReady(ready))
                .on(WorkspaceDecommissioned.class, (gone, event) -> {
                    if (policies.onDecommissioned(gone.workspaceName())) {
                        log.info("Workspace {} decommissioned: forgotten", gone.workspaceName());
                    }
                })
                .carried(WorkspaceTopics.EVENT_TYPES)
                .build();
    }

    @Bean
    public Consumer<Message<byte[]>> hrEvents(EventRouting routing, LeaverRule leavers) {
        return routing.binding("hrEvents-in-0")
                .on(UserJoined.class, (joined, event) -> leavers.joined(joined))
                .on(UserMoved.class, (moved, event) -> leavers.moved(moved))
                .on(UserLeft.class, (left, event) -> leavers.left(left))
                .carried(HrTopics.PEOPLE_TYPES)
                .keyedBy("/employeeId", "employee id")
                .build();
    }
}
