package dev.bricklayer.emulator.server;

import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes served on the account host (the stand-in for {@code https://accounts.azuredatabricks.net}). Handlers find
 * the account and its caller through the exchange attributes the {@code AccountGate} leaves.
 */
public interface AccountApi {

    RouterFunction<ServerResponse> routes();
}
