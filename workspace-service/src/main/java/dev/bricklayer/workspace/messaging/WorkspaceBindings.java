package dev.bricklayer.workspace.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.bricklayer.common.events.identity.IdentityBootstrapFailed;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.identity.WorkspaceIdentityBootstrapped;
import dev.bricklayer.common.events.security.SecurityTopics;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.security.WorkspaceSecuringFailed;
import dev.bricklayer.common.events.token.TokenPolicyApplied;
import dev.bricklayer.common.events.token.TokenPolicyFailed;
import dev.bricklayer.common.events.token.TokenTopics;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceRequestRejected;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.common.messaging.EventRouting;
import dev.bricklayer.common.messaging.EventRoutes;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.workspace.onboarding.WorkspaceOnboarding;

/**
 * workspace-service's functional bindings (wired in {@code application.yml}), both routed by {@code ce_type}
 * ({@link EventRouting}: CloudEvents envelope, strict body, Kafka key = workspace name, anything that can never be
 * processed to the binding's dead-letter topic with its reason):
 * <ul>
 *   <li>{@value #REQUESTS}: {@code WorkspaceRequested} and {@code WorkspaceDecommissionRequested} from any producer,
 *       each checked against its JSON Schema, a request also against the request rules. A refusal whose body names a
 *       workspace is announced as {@code WorkspaceRequestRejected} with every field error; a decommission of a
 *       workspace this service does not know is refused ({@code unknown-workspace}).</li>
 *   <li>{@value #COMPLETIONS}: the other services' completion events, each settling one step of the onboarding saga;
 *       the other events of their topics are left alone, and a completion for an unknown workspace is refused.</li>
 * </ul>
 */
@Configuration
public class WorkspaceBindings {

    static final String REQUESTS = "workspaceRequests-in-0";
    static final String COMPLETIONS = "completions-in-0";

    private static final Logger log = LoggerFactory.getLogger(WorkspaceBindings.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    public Consumer<Message<byte[]>> workspaceRequests(EventRouting routing, WorkspaceOnboarding onboarding, EventPublisher events,
                                                       Clock clock) {
        return routing.binding(REQUESTS)
                .on(WorkspaceRequested.class, (request, incoming) -> log.info("Workspace request for {} handled: {} (request {})",
                        request.workspaceName(), onboarding.request(request), request.requestId()))
                .on(WorkspaceDecommissionRequested.class, (decommission, incoming) -> decommission(onboarding, decommission))
                .carried(WorkspaceTopics.REQUEST_TYPES)
                .keyedBy("/workspaceName", "workspace name")
                .announceRejections(rejection -> announce(rejection, events, clock))
                .build();
    }

    @Bean
    public Consumer<Message<byte[]>> completions(EventRouting routing, WorkspaceOnboarding onboarding) {
        return routing.binding(COMPLETIONS)
                .on(WorkspaceSecured.class, (done, incoming) -> step(onboarding, done.workspaceName(), "secured", "DONE"))
                .on(WorkspaceSecuringFailed.class, (failed, incoming) ->
                        step(onboarding, failed.workspaceName(), "secured", "FAILED: " + failed.message()))
                .on(WorkspaceIdentityBootstrapped.class, (done, incoming) -> step(onboarding, done.workspaceName(), "identity", "DONE"))
                .on(IdentityBootstrapFailed.class, (failed, incoming) ->
                        step(onboarding, failed.workspaceName(), "identity", "FAILED: " + failed.message()))
                .on(TokenPolicyApplied.class, (done, incoming) -> step(onboarding, done.workspaceName(), "tokens", "DONE"))
                .on(TokenPolicyFailed.class, (failed, incoming) ->
                        step(onboarding, failed.workspaceName(), "tokens", "FAILED: " + failed.message()))
                .carried(SecurityTopics.EVENT_TYPES)
                .carried(IdentityTopics.EVENT_TYPES)
                .carried(TokenTopics.EVENT_TYPES)
                .keyedBy("/workspaceName", "workspace name")
                .build();
    }

    private static void decommission(WorkspaceOnboarding onboarding, WorkspaceDecommissionRequested request) {
        if (!onboarding.decommission(request.workspaceName())) {
            throw unknown(request.workspaceName(), "to decommission");
        }
        log.info("Workspace decommission for {} handled: DECOMMISSIONING", request.workspaceName());
    }

    private static void step(WorkspaceOnboarding onboarding, String workspaceName, String step, String outcome) {
        if (!onboarding.step(workspaceName, step, outcome)) {
            throw unknown(workspaceName, "whose " + step + " step is reported");
        }
        log.info("Workspace {} step {}: {}", workspaceName, step, outcome);
    }

    private static UnprocessableEventException unknown(String workspaceName, String what) {
        return new UnprocessableEventException("unknown-workspace", "/workspaceName", "unknown-workspace",
                "workspace-service knows no workspace " + workspaceName + " " + what);
    }

    /** A refused message whose body names a workspace is announced to it, with every field error. */
    private static void announce(EventRoutes.Rejection rejection, EventPublisher events, Clock clock) {
        String name = rejection.text("/workspaceName");
        if (name == null) {
            return; // nothing names a workspace: the dead-letter record is all there is
        }
        events.publish(WorkspaceTopics.EVENTS, name, new WorkspaceRequestRejected(name, rejection.text("/requestId"),
                rejection.error().errors(), clock.instant())).block(SEND_TIMEOUT);
    }
}
