package dev.bricklayer.security.messaging;

import java.io.IOException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.security.reconcile.WorkspaceSecurity;

/**
 * security-service's functional binding (wired in {@code application.yml}): {@code workspaceEvents} takes
 * {@code WorkspaceReady} (stored, then reconciled on a worker — the consumer does not wait) and
 * {@code WorkspaceDecommissioned} (forgotten) from {@code bricklayer.workspace.events}; other events are not its
 * business. An event it cannot read goes to the dead-letter topic with the reason, and the consumer goes on.
 */
@Configuration
public class SecurityBindings {

    private static final Logger log = LoggerFactory.getLogger(SecurityBindings.class);
    private static final String READY = EventTypes.of(WorkspaceReady.class);
    private static final String DECOMMISSIONED = EventTypes.of(WorkspaceDecommissioned.class);

    @Bean
    public Consumer<Message<byte[]>> workspaceEvents(WorkspaceSecurity security, ObjectMapper mapper) {
        return message -> IncomingEvent.handle(message, body -> {
            String type = IncomingEvent.of(message).type();
            if (READY.equals(type)) {
                WorkspaceReady ready = read(mapper, body, WorkspaceReady.class, type);
                log.info("Workspace {} ready at {}: reconciling", ready.workspaceName(), ready.workspaceUrl());
                security.accept(ready);
            } else if (DECOMMISSIONED.equals(type)) {
                security.forget(read(mapper, body, WorkspaceDecommissioned.class, type).workspaceName());
            }
            return null;
        });
    }

    private static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type, String ceType) {
        try {
            return mapper.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof NullPointerException missing && missing.getMessage() != null
                    ? "field " + missing.getMessage() + " is required"
                    : cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
            throw new UnreadableEventException("Unreadable " + ceType + ": " + reason, e);
        } catch (IOException e) {
            throw new UnreadableEventException("Unreadable " + ceType + ": " + e.getMessage(), e);
        }
    }
}
