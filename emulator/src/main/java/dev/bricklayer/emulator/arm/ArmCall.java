package dev.bricklayer.emulator.arm;

import java.util.regex.Matcher;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.config.EmulatorProperties.ServicePrincipal;
import reactor.core.publisher.Mono;

/**
 * An ARM request the {@link ArmGate} let through: the row of {@link ArmPaths} its path matched (with the names the
 * pattern captured), the authenticated caller and the request's {@code api-version}.
 */
record ArmCall(ArmPaths.Row row, Matcher path, ServicePrincipal caller, String apiVersion) {

    /** The exchange attribute the gate leaves it in. */
    static final String ATTRIBUTE = "emulator.arm.call";

    /** Handles one method of one row of {@link ArmPaths}. */
    @FunctionalInterface
    interface Handler {
        Mono<ServerResponse> handle(ServerRequest request, ArmCall call);
    }

    static ArmCall of(ServerRequest request) {
        return (ArmCall) request.exchange().getAttributes().get(ATTRIBUTE);
    }

    /** A name the path's pattern captured: {@code subscription}, {@code group}, {@code name}, {@code operation}, … */
    String param(String name) {
        return path.group(name);
    }

    String subscription() {
        return param("subscription");
    }

    String group() {
        return param("group");
    }

    String name() {
        return param("name");
    }
}
