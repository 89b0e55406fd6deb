package dev.bricklayer.emulator.arm;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.JsonBodies;
import reactor.core.publisher.Mono;

/**
 * GET of any resource a template created ({@code …/providers/{namespace}/{type}/{name}}: virtual networks, network
 * security groups, …) as the deployment stored it; 404 {@code ResourceNotFound} otherwise.
 */
@Component
class GenericResourceHandler {

    private final ArmState state;

    GenericResourceHandler(ArmState state) {
        this.state = state;
    }

    Mono<ServerResponse> get(ServerRequest request, ArmCall call) {
        return JsonBodies.ok(state.resource(request.path())
                .orElseThrow(() -> ArmErrors.notFound(call.param("type"), call.name(), call.group())));
    }
}
