package dev.bricklayer.workspace.onboarding;

import java.util.List;

import dev.bricklayer.common.events.FieldError;

/**
 * A workspace request that breaks a rule; it was announced as {@code WorkspaceRequestRejected}. Not retryable:
 * the binding sends the message to the dead-letter topic with this message as its reason.
 */
public class RejectedRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public RejectedRequestException(String workspaceName, List<FieldError> errors) {
        super("Workspace request for " + workspaceName + " rejected: " + errors.stream()
                .map(e -> e.field() + " [" + e.rule() + "] " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
