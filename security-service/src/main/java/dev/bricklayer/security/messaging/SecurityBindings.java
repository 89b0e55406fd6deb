package dev.bricklayer.security.messaging;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.security.reconcile.WorkspacePasses;

/**
 * security-service's functional binding (wired in {@code application.yml}): {@code workspaceEvents} takes
 * {@code WorkspaceReady} (stored, then reconciled in the workspace's lane — the consumer does not wait) and
 * {@code WorkspaceDecommissioned} (forgotten) from {@code bricklayer.workspace.events}; the topic's other types are
 * not its business. Routing, the envelope and body checks and the dead-letter topic are common's
 * {@link EventRouting}: an event that can never be read goes at once to the binding's dead-letter topic with the
 * reason first, and the consumer goes on.
 */
@Configuration
public class SecurityBindings {

    private static final Logger log = LoggerFactory.getLogger(SecurityBindings.class);

    @Bean
    public Consumer<Message<byte[]>> workspaceEvents(EventRouting routing, WorkspacePasses passes) {
        return routing.binding("workspaceEvents-in-0")
                .on(WorkspaceReady.class, (ready, event) -> {
                    log.info("Workspace {} ready at {}: reconciling", ready.workspaceName(), ready.workspaceUrl());
                    passes.accept(ready);
                })
                .on(WorkspaceDecommissioned.class, (gone, event) -> passes.forget(gone.workspaceName()))
                .carried(WorkspaceTopics.EVENT_TYPES)
                .build();
    }
}
