package dev.bricklayer.emulator.account;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.AccountApi;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.server.JsonBodies;

/**
 * {@code GET /.well-known/databricks-config} of the account host, unauthenticated: {@code host_type} {@code account}
 * (what makes newer SDKs treat the host as an account host) and the OIDC endpoint with its {@code {account_id}}
 * placeholder (reference §7.1).
 */
@Component
class AccountBootstrapApi implements AccountApi {

    private final EmulatorServers servers;

    AccountBootstrapApi(@Lazy EmulatorServers servers) {
        this.servers = servers;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().GET(AccountGate.WELL_KNOWN, request -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("oidc_endpoint", servers.accountBaseUrl() + "/oidc/accounts/{account_id}");
            body.put("cloud", "azure");
            body.put("host_type", "account");
            return JsonBodies.ok(body);
        }).build();
    }
}
