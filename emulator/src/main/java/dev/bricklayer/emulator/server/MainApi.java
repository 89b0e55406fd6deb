package dev.bricklayer.emulator.server;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes served on the main HTTPS port (Entra ID and ARM). Each bean names its surface. */
public interface MainApi {

    Surface surface();

    RouterFunction<ServerResponse> routes();
}
