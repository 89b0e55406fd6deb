package dev.bricklayer.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.aad.TokenIssuer;
import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

/** Base of the ARM tests: ARM tokens, calls on the main port, a resource group, and waiting for an operation's end. */
abstract class ArmTestBase extends WorkspaceApiTestBase {

    static final String SUB_ID = "00000000-0000-0000-0000-00000000b1c0";
    static final String NO_ROLE_CLIENT = "6f1f4e8e-3a0c-4c39-9d5e-000000000002";

    Map<String, String> arm(String clientId) {
        return Map.of("Authorization", "Bearer " + issuer.issue(TENANT, clientId, "oid-" + clientId, TokenIssuer.ARM_RESOURCE, List.of()).value());
    }

    Map<String, String> arm() {
        return arm(PLATFORM_CLIENT);
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, Object body) throws Exception {
        String text = body == null ? null : body instanceof String s ? s : mapper.writeValueAsString(body);
        return http.send(method, servers.mainBaseUrl() + path, headers, text);
    }

    String resourceGroup(String name) throws Exception {
        String path = "/subscriptions/" + SUB_ID + "/resourcegroups/" + name;
        assertThat(send("PUT", path + "?api-version=2022-09-01", arm(), Map.of("location", "westeurope")).statusCode()).isIn(200, 201);
        return path;
    }

    JsonNode awaitStatus(String statusUrl, String terminal) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> status = http.get(statusUrl, arm());
            assertThat(status.statusCode()).isEqualTo(200);
            last[0] = mapper.readTree(status.body());
            assertThat(last[0].get("status").asText()).isIn("Succeeded", "Failed", "Canceled");
        });
        assertThat(last[0].get("status").asText()).isEqualTo(terminal);
        return last[0];
    }
}
