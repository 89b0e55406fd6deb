package dev.bricklayer.emulator.arm;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.arm.ArmState.Operation;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import reactor.core.publisher.Mono;

/**
 * The URLs of long-running operations: a deployment's {@code …/operationStatuses/{id}} and a workspace's
 * {@code …/operationStatus/{id}} answer {@code {"status", "error"?}}; a workspace's {@code …/operationResults/{id}}
 * answers 202 with {@code Retry-After} while the operation runs, then the workspace an operation made (200; the
 * {@code Location} of a create from api-version 2025-10-01-preview on, whose final state is read there) or 204.
 */
@Component
class OperationStatusHandler {

    private final ArmState state;

    OperationStatusHandler(ArmState state) {
        this.state = state;
    }

    Mono<ServerResponse> status(ServerRequest request, ArmCall call) {
        Operation operation = operation(call);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("status", operation.status());
        if (operation.error() != null) {
            json.set("error", operation.error());
        }
        return JsonBodies.ok(json);
    }

    Mono<ServerResponse> workspaceOperation(ServerRequest request, ArmCall call) {
        if (!call.param("kind").equalsIgnoreCase("operationresults")) {
            return status(request, call);
        }
        Operation operation = operation(call);
        if (!operation.done()) {
            return ServerResponse.accepted().header("Retry-After", "10").build();
        }
        return state.operationResult(operation.id()).flatMap(state::workspace).map(JsonBodies::ok)
                .orElseGet(() -> ServerResponse.noContent().build());
    }

    private Operation operation(ArmCall call) {
        String id = call.param("operation");
        return state.operation(id).orElseThrow(() ->
                EmulatorException.arm(404, "OperationNotFound", "The operation '" + id + "' could not be found."));
    }
}
