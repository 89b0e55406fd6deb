package dev.bricklayer.workspace.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.identity.IdentityBootstrapFailed;
import dev.bricklayer.common.events.identity.WorkspaceIdentityBootstrapped;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.security.WorkspaceSecuringFailed;
import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.token.TokenPolicyFailed;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceRequestRejected;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.common.schema.ValidationResult;
import dev.bricklayer.workspace.onboarding.RejectedRequestException;
import dev.bricklayer.workspace.onboarding.WorkspaceOnboarding;

/**
 * workspace-service's functional bindings (wired in {@code application.yml}): {@code workspaceRequests} takes
 * {@code WorkspaceRequested} from any producer — checked against its JSON Schema and the request rules; a bad
 * one is announced as {@code WorkspaceRequestRejected} and goes to the dead-letter topic with its reason — and
 * {@code WorkspaceDecommissionRequested} on the same topic, and
 * {@code completions} takes the other services' completion events for the onboarding saga.
 */
@Configuration
public class WorkspaceBindings {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceBindings.class);

    /** Completion events and the saga step each one settles. */
    private static final Map<String, String[]> STEPS = Map.of(
            EventTypes.of(WorkspaceSecured.class), new String[] {"secured", "DONE"},
            EventTypes.of(WorkspaceSecuringFailed.class), new String[] {"secured", "FAILED"},
            EventTypes.of(WorkspaceIdentityBootstrapped.class), new String[] {"identity", "DONE"},
            EventTypes.of(IdentityBootstrapFailed.class), new String[] {"identity", "FAILED"},
            EventTypes.of(TokenPolicyApplied.class), new String[] {"tokens", "DONE"},
            EventTypes.of(TokenPolicyFailed.class), new String[] {"tokens", "FAILED"});

    @Bean
    public Consumer<Message<byte[]>> workspaceRequests(EventSchemaValidator schemas, ObjectMapper mapper,
                                                       WorkspaceOnboarding onboarding, EventPublisher events) {
        return message -> IncomingEvent.handle(message, body -> {
            if (EventTypes.of(WorkspaceDecommissionRequested.class).equals(IncomingEvent.of(message).type())) {
                String name = nameOf(mapper, body);
                if (!onboarding.decommission(name)) {
                    log.warn("Decommission of unknown workspace {} ignored", name);
                }
                return null;
            }
            ValidationResult checked = schemas.validate("WorkspaceRequested", body);
            if (!checked.isValid()) {
                String name = nameOf(mapper, body);
                events.publish(WorkspaceTopics.EVENTS, name, new WorkspaceRequestRejected(name, requestIdOf(mapper, body),
                        checked.errors(), Instant.now())).block();
                throw new RejectedRequestException(name, checked.errors());
            }
            try {
                WorkspaceOnboarding.Decision decision = onboarding.request(mapper.readValue(body, WorkspaceRequested.class));
                log.info("Workspace request handled: {}", decision);
            } catch (IOException unreadable) {
                throw new RejectedRequestException("-", List.of(new dev.bricklayer.common.events.FieldError(
                        "/", "json", unreadable.getMessage())));
            }
            return null;
        });
    }

    @Bean
    public Consumer<Message<byte[]>> completions(WorkspaceOnboarding onboarding, ObjectMapper mapper) {
        return message -> IncomingEvent.handle(message, body -> {
            IncomingEvent event = IncomingEvent.of(message);
            String[] step = STEPS.get(event.type());
            if (step == null) {
                return null; // other events of those topics are not the saga's business
            }
            String outcome = step[1];
            if (outcome.equals("FAILED")) {
                outcome = "FAILED: " + textOf(mapper, body, "message");
            }
            onboarding.step(event.subject() != null ? event.subject() : textOf(mapper, body, "workspaceName"), step[0], outcome);
            return null;
        });
    }

    private static String nameOf(ObjectMapper mapper, byte[] body) {
        String name = textOf(mapper, body, "workspaceName");
        return name == null || name.isBlank() ? "-" : name;
    }

    private static String requestIdOf(ObjectMapper mapper, byte[] body) {
        return textOf(mapper, body, "requestId");
    }

    private static String textOf(ObjectMapper mapper, byte[] body, String field) {
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
