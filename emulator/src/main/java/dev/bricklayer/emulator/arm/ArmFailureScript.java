package dev.bricklayer.emulator.arm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.server.AdminApi;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.Resettable;

/**
 * Scripted ARM failures: the next deployment (or workspace creation) whose resource group or workspace name
 * matches fails with the given code and message — quota ({@code QuotaExceeded}), an invalid subnet
 * ({@code InvalidSubnet}), a conflict ({@code Conflict}), anything. Set through the admin API:
 * {@code POST /admin/arm/failures {"match": "rg-or-workspace", "code": "...", "message": "...", "times": 1}},
 * {@code GET} lists, {@code DELETE} clears.
 */
@Component
public class ArmFailureScript implements AdminApi, Resettable {

    /** A scripted failure. */
    public record Failure(String match, String code, String message, int times) {
    }

    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final JsonBodies bodies;

    public ArmFailureScript(JsonBodies bodies) {
        this.bodies = bodies;
    }

    public synchronized void add(Failure failure) {
        failures.add(failure);
    }

    /** Takes the first failure matching any of {@code names} (case-insensitive), counting it down. */
    public synchronized Optional<Failure> take(String... names) {
        for (Failure failure : failures) {
            for (String name : names) {
                if (name != null && failure.match().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    failures.remove(failure);
                    if (failure.times() > 1) {
                        failures.add(new Failure(failure.match(), failure.code(), failure.message(), failure.times() - 1));
                    }
                    return Optional.of(failure);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void reset() {
        failures.clear();
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/arm/failures", request -> bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
                    Object match = body.get("match");
                    Object code = body.get("code");
                    if (match == null || code == null) {
                        return reactor.core.publisher.Mono.error(EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE",
                                "match and code are required"));
                    }
                    Object message = body.getOrDefault("message", "Scripted failure " + code);
                    int times = body.get("times") instanceof Number n ? n.intValue() : 1;
                    Failure failure = new Failure(match.toString(), code.toString(), message.toString(), times);
                    add(failure);
                    return JsonBodies.status(201, failure);
                }))
                .GET("/admin/arm/failures", request -> JsonBodies.ok(List.copyOf(failures)))
                .DELETE("/admin/arm/failures", request -> {
                    reset();
                    return ServerResponse.noContent().build();
                })
                .build();
    }
}
