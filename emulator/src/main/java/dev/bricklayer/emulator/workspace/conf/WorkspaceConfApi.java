package dev.bricklayer.emulator.workspace.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.ipaccess.IpAccessListStore;
import reactor.core.publisher.Mono;

/**
 * {@code /api/2.0/workspace-conf}: {@code GET ?keys=a,b} answers a map of strings (unset known keys as JSON
 * null, [K] reference §3.5; unknown keys: 400 {@code Invalid keys: [...]}; no keys: every key that is set), {@code PATCH} takes a map of string values, checked per
 * key ({@code Some values are not allowed: {...}}). Turning on {@code enableIpAccessLists} is refused when the
 * caller's own address would then be blocked.
 */
@Component
public class WorkspaceConfApi implements WorkspaceApi {

    private static final Predicate<String> BOOLEAN = v -> v.equals("true") || v.equals("false");

    /** Known keys and the values they accept ("" resets a key). */
    static final Map<String, Predicate<String>> KEYS = Map.of(
            "enableIpAccessLists", BOOLEAN,
            "enableTokensConfig", BOOLEAN,
            "maxTokenLifetimeDays", v -> v.isEmpty() || (v.matches("\\d{1,3}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 730),
            "enableDeprecatedClusterNamedInitScripts", BOOLEAN,
            "enableDeprecatedGlobalInitScripts", BOOLEAN,
            "enableGp3", BOOLEAN,
            "enableResultsDownloading", BOOLEAN,
            "enableExportNotebook", BOOLEAN,
            "enableNotebookTableClipboard", BOOLEAN,
            "enableWebTerminal", BOOLEAN);

    private final ObjectMapper mapper;
    private final JsonBodies bodies;
    private final boolean trustSourceHeader;

    public WorkspaceConfApi(ObjectMapper mapper, JsonBodies bodies, EmulatorProperties properties) {
        this.mapper = mapper;
        this.bodies = bodies;
        this.trustSourceHeader = properties.trustSourceAddressHeader();
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/api/2.0/workspace-conf", this::get)
                .PATCH("/api/2.0/workspace-conf", this::patch)
                .build();
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        // Without keys, every key that is set is answered (reference §3.5 has keys required): the Java SDK 0.141 sends its GetStatusRequest
        // without the keys query parameter, and real clients should not break on it.
        String keys = request.queryParam("keys").orElseGet(() -> String.join(",", workspace.conf().keySet()));
        List<String> invalid = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode answer = mapper.createObjectNode();
        for (String key : keys.split(",")) {
            String trimmed = key.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!KEYS.containsKey(trimmed)) {
                invalid.add(trimmed);
            } else {
                answer.put(trimmed, workspace.conf().get(trimmed)); // unset: JSON null, [K] reference §3.5
            }
        }
        if (!invalid.isEmpty()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid keys: " + json(invalid));
        }
        return JsonBodies.ok(answer);
    }

    private Mono<ServerResponse> patch(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = Caller.of(request);
        if (!caller.admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can change the workspace configuration");
        }
        String source = RequestContext.sourceAddress(request.exchange(), trustSourceHeader);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            Map<String, Object> notAllowed = new LinkedHashMap<>();
            Map<String, String> values = new LinkedHashMap<>();
            body.forEach((key, value) -> {
                Predicate<String> rule = KEYS.get(key);
                if (rule == null || !(value instanceof String text) || !rule.test(text)) {
                    notAllowed.put(key, value);
                } else {
                    values.put(key, text);
                }
            });
            if (!notAllowed.isEmpty()) {
                throw EmulatorException.databricks(400, "INVALID_REQUEST", "Some values are not allowed: " + json(notAllowed));
            }
            if ("true".equals(values.get("enableIpAccessLists")) && source != null
                    && !IpAccessListStore.of(workspace).allows(source)) {
                throw EmulatorException.databricks(400, "INVALID_STATE", "Your current IP " + source
                        + " will not be allowed to access the workspace under the current IP access list configuration");
            }
            synchronized (workspace.conf()) {
                values.forEach((key, value) -> {
                    if (value.isEmpty()) {
                        workspace.conf().remove(key);
                    } else {
                        workspace.conf().put(key, value);
                    }
                });
            }
            return ServerResponse.noContent().build();
        });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
