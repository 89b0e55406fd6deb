package dev.bricklayer.emulator.arm;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.MainApi;
import dev.bricklayer.emulator.server.Surface;

/**
 * Azure Resource Manager on the main port: resource groups, {@code Microsoft.Resources/deployments} and
 * {@code Microsoft.Databricks/workspaces}, their long-running operations, and template-created resources. The
 * {@link ArmGate} has checked each request against its row of {@link ArmPaths}; this calls the row's handler.
 */
@Component
public class ArmApi implements MainApi {

    @Override
    public Surface surface() {
        return Surface.ARM;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(request -> EmulatorServers.mainSurface(request.path()) == Surface.ARM, request -> {
            ArmCall call = ArmCall.of(request);
            return call.row().handlers().get(request.method()).handle(request, call);
        });
    }
}
