package dev.bricklayer.emulator.server;

import java.net.InetSocketAddress;

import org.springframework.web.server.ServerWebExchange;

/** Exchange attributes the emulator's filters and handlers share. */
public final class RequestContext {

    /** The caller's principal name, for the journal (client id, user name or application id). */
    public static final String PRINCIPAL = "emulator.principal";

    /** The id of the fault rule that shaped the answer. */
    public static final String FAULT = "emulator.fault";

    /** The {@code EmulatedWorkspace} a workspace server serves. */
    public static final String WORKSPACE = "emulator.workspace";

    /** The authenticated {@code Caller} of a workspace request. */
    public static final String CALLER = "emulator.caller";

    private RequestContext() {
    }

    /** The caller's address: the socket's, or {@code X-Forwarded-For} when the emulator was told to trust it. */
    public static String sourceAddress(ServerWebExchange exchange, boolean trustHeader) {
        if (trustHeader) {
            String forwarded = exchange.getRequest().getHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
