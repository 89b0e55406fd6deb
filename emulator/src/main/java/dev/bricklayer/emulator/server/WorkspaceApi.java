package dev.bricklayer.emulator.server;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes served on every workspace's own HTTPS port. Handlers find their workspace with
 * {@code EmulatedWorkspace.of(request)} and the authenticated caller with {@code Caller.of(request)}.
 */
public interface WorkspaceApi {

    RouterFunction<ServerResponse> routes();
}
