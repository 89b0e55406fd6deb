package dev.bricklayer.emulator.arm;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.arm.ArmState.PutResourceGroup;
import dev.bricklayer.emulator.arm.ArmState.ResourceGroup;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import reactor.core.publisher.Mono;

/**
 * {@code /subscriptions/{s}/resourcegroups/{rg}}: PUT (201 created, 200 updated; {@code location} required), GET,
 * HEAD (204, or 404 {@code ResourceGroupNotFound}).
 */
@Component
class ResourceGroupHandler {

    private final ArmState state;
    private final JsonBodies bodies;
    private final ObjectMapper mapper;

    ResourceGroupHandler(ArmState state, JsonBodies bodies, ObjectMapper mapper) {
        this.state = state;
        this.bodies = bodies;
        this.mapper = mapper;
    }

    Mono<ServerResponse> put(ServerRequest request, ArmCall call) {
        return bodies.object(request, JsonBodies.Format.ARM).flatMap(body -> {
            String location = body.path("location").asText(null);
            if (location == null || location.isBlank()) {
                throw EmulatorException.arm(400, "LocationRequired", "The location property is required for this definition.");
            }
            Map<String, String> tags = new LinkedHashMap<>();
            body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            PutResourceGroup put = state.putResourceGroup(call.subscription(), call.group(), location, tags);
            return JsonBodies.status(put.created() ? 201 : 200, json(put.group()));
        });
    }

    Mono<ServerResponse> get(ServerRequest request, ArmCall call) {
        return JsonBodies.ok(json(state.requireResourceGroup(call.subscription(), call.group())));
    }

    Mono<ServerResponse> head(ServerRequest request, ArmCall call) {
        state.requireResourceGroup(call.subscription(), call.group());
        return ServerResponse.noContent().build();
    }

    private ObjectNode json(ResourceGroup group) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", group.id());
        json.put("name", group.name());
        json.put("type", "Microsoft.Resources/resourceGroups");
        json.put("location", group.location());
        json.set("tags", mapper.valueToTree(group.tags()));
        json.putObject("properties").put("provisioningState", "Succeeded");
        return json;
    }
}
