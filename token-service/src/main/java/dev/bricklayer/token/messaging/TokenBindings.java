package dev.bricklayer.token.messaging;

import java.io.IOException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.common.schema.ValidationResult;
import dev.bricklayer.token.leaver.LeaverRevocation;
import dev.bricklayer.token.policy.TokenPolicyApplier;

/**
 * token-service's functional bindings (wired in {@code application.yml}): {@code workspaceEvents} takes
 * {@code WorkspaceReady} (record the workspace, apply its token policy) and {@code WorkspaceDecommissioned}
 * (forget it); {@code hrEvents} takes {@code UserLeft} — checked against its JSON Schema, a bad one goes to the
 * dead-letter topic with its reason — and revokes the leaver's tokens. Other event types are not this service's.
 */
@Configuration
public class TokenBindings {

    private static final Logger log = LoggerFactory.getLogger(TokenBindings.class);
    static final String WORKSPACE_READY = EventTypes.of(WorkspaceReady.class);
    static final String WORKSPACE_DECOMMISSIONED = EventTypes.of(WorkspaceDecommissioned.class);
    static final String USER_LEFT = EventTypes.of(UserLeft.class);

    @Bean
    public Consumer<Message<byte[]>> workspaceEvents(TokenPolicyApplier policies, ObjectMapper mapper) {
        return message -> IncomingEvent.handle(message, body -> {
            String type = IncomingEvent.of(message).type();
            if (WORKSPACE_READY.equals(type)) {
                policies.onReady(read(mapper, body, WorkspaceReady.class, type));
            } else if (WORKSPACE_DECOMMISSIONED.equals(type)) {
                WorkspaceDecommissioned gone = read(mapper, body, WorkspaceDecommissioned.class, type);
                if (policies.onDecommissioned(gone.workspaceName())) {
                    log.info("Workspace {} decommissioned: forgotten", gone.workspaceName());
                }
            }
            return null;
        });
    }

    @Bean
    public Consumer<Message<byte[]>> hrEvents(EventSchemaValidator schemas, LeaverRevocation leavers, ObjectMapper mapper) {
        return message -> IncomingEvent.handle(message, body -> {
            String type = IncomingEvent.of(message).type();
            if (!USER_LEFT.equals(type)) {
                return null; // joiners and movers are identity-service's
            }
            ValidationResult checked = schemas.validate(USER_LEFT, body);
            if (!checked.isValid()) {
                throw new RejectedEventException("UserLeft rejected: " + checked.errors().stream()
                        .map(e -> e.field() + " [" + e.rule() + "] " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
            }
            leavers.revokeAll(read(mapper, body, UserLeft.class, type));
            return null;
        });
    }

    private static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type, String ceType) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new RejectedEventException(ceType + " unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
