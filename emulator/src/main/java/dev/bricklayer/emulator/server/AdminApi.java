package dev.bricklayer.emulator.server;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes of the admin API (plain HTTP, its own port, not part of the Azure surface, not journaled). */
public interface AdminApi {

    RouterFunction<ServerResponse> routes();
}
