package dev.bricklayer.emulator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

/** The admin API: seeding as people would, fault rules over HTTP, a complete journal, and the start-up banner. */
class AdminApiTest extends WorkspaceApiTestBase {

    private final HttpClient plain = HttpClient.newHttpClient();

    @Autowired
    StartupBanner banner;

    private JsonNode adminApi(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(servers.adminBaseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        HttpResponse<String> response = plain.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return response.body().isEmpty() ? mapper.createObjectNode() : mapper.readTree(response.body());
    }

    @Test
    void theDirectoryListsEveryAppWithWhatItMayDoAndNoSecret() throws Exception {
        JsonNode directory = adminApi("GET", "/admin/directory", null);

        JsonNode apps = directory.get(0).get("apps");
        assertThat(apps).hasSize(5);
        assertThat(apps).anySatisfy(app -> {
            assertThat(app.get("displayName").asText()).isEqualTo("bricklayer-platform");
            assertThat(app.get("signsInWith").asText()).isEqualTo("secret");
            assertThat(app.get("azureRoles").get(0).get("role").asText()).isEqualTo("Contributor");
        });
        assertThat(apps).anySatisfy(app -> {
            assertThat(app.get("displayName").asText()).isEqualTo("auditor-app");
            assertThat(app.get("appRoles").toString()).contains("Audit.Read");
            assertThat(app.get("azureRoles")).isEmpty();
        });
        assertThat(directory.toString()).doesNotContain("local-emulator-secret");
    }

    @Test
    void seededUsersAndTokensLookMadeByPeopleAndBypassPolicy() throws Exception {
        json(call("PATCH", "/api/2.0/workspace-conf", admin(), Map.of("maxTokenLifetimeDays", "30")), 204);

        adminApi("POST", "/admin/workspaces/" + workspace.name() + "/users", Map.of("userName", "legacy@contoso.com", "groups", List.of("old-team")));
        JsonNode token = adminApi("POST", "/admin/workspaces/" + workspace.name() + "/tokens",
                Map.of("userName", "legacy@contoso.com", "comment", "forever", "createdSecondsAgo", 86_400 * 400));
        JsonNode inventory = json(call("GET", "/api/2.0/token-management/tokens", admin(), null), 200);

        assertThat(token.get("expiry_time").asLong()).isEqualTo(-1);
        assertThat(inventory.get("token_infos")).anySatisfy(info -> {
            assertThat(info.get("comment").asText()).isEqualTo("forever");
            assertThat(info.get("expiry_time").asLong()).isEqualTo(-1);
            assertThat(info.get("created_by_username").asText()).isEqualTo("legacy@contoso.com");
            assertThat(info.get("creation_time").asLong()).isLessThan(System.currentTimeMillis() - 86_400_000L * 399);
        });
        assertThat(call("GET", "/api/2.0/preview/scim/v2/Me", Map.of("Authorization", "Bearer " + token.get("token_value").asText()), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonTokenChangesTheWorkspaceThroughItsOwnApiAndTheJournalShowsThePerson() throws Exception {
        JsonNode person = adminApi("POST", "/admin/workspaces/" + workspace.name() + "/people-tokens", Map.of("userName", "alice@contoso.com"));
        Map<String, String> alice = Map.of("Authorization", "Bearer " + person.get("token_value").asText());

        json(call("POST", "/api/2.0/ip-access-lists", alice, Map.of("label", "by-hand", "list_type", "ALLOW",
                "ip_addresses", List.of("0.0.0.0/0"))), 200);
        JsonNode journal = adminApi("GET", "/admin/journal?workspace=" + workspace.name() + "&path=/api/2.0/ip-access-lists", null);

        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("principal").asText()).isEqualTo("alice@contoso.com");
        assertThat(journal.get(0).get("method").asText()).isEqualTo("POST");
        assertThat(journal.get(0).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void theJournalHoldsEveryRequestServedWhateverItsOutcome() throws Exception {
        adminApi("POST", "/admin/faults", Map.of("id", "boom-" + workspace.name(), "kind", "ERROR", "workspace", workspace.name(),
                "pathPattern", "/api/2.0/clusters/list", "status", 500, "errorCode", "INTERNAL_ERROR", "times", 1));
        List<Integer> statuses = new java.util.ArrayList<>();
        statuses.add(call("GET", "/api/2.0/preview/scim/v2/Me", admin(), null).statusCode());        // 200
        statuses.add(call("GET", "/api/2.0/clusters/list", admin(), null).statusCode());              // 500 injected
        statuses.add(call("GET", "/api/2.0/clusters/list", admin(), null).statusCode());              // 200
        statuses.add(call("GET", "/api/2.0/nothing-here", admin(), null).statusCode());               // 404
        statuses.add(call("GET", "/api/2.0/clusters/list", Map.of(), null).statusCode());             // 401
        statuses.add(call("GET", "/api/2.0/clusters/list", Map.of("Authorization", "Bearer dapi0"), null).statusCode()); // 403
        statuses.add(call("POST", "/api/2.0/preview/scim/v2/Users", admin(), "{not json").statusCode()); // 400

        JsonNode count = adminApi("GET", "/admin/journal/count?workspace=" + workspace.name(), null);
        JsonNode entries = adminApi("GET", "/admin/journal?workspace=" + workspace.name(), null);

        assertThat(statuses).containsExactly(200, 500, 200, 404, 401, 403, 400);
        assertThat(count.get("count").asInt()).isEqualTo(statuses.size());
        assertThat(entries.findValuesAsText("status")).containsExactly("200", "500", "200", "404", "401", "403", "400");
        assertThat(entries.get(1).get("fault").asText()).isEqualTo("boom-" + workspace.name());
        adminApi("DELETE", "/admin/faults/boom-" + workspace.name(), null);
    }

    @Test
    void aSeededJobGetsPermissionsWithItsOwnLevelsAndAdminsInheritedFromJobs() throws Exception {
        adminApi("POST", "/admin/workspaces/" + workspace.name() + "/objects", Map.of("type", "jobs", "id", "12"));
        json(call("POST", "/api/2.0/preview/scim/v2/Users", admin(), Map.of("userName", "test@test.com")), 201);

        JsonNode permissions = json(call("PUT", "/api/2.0/permissions/jobs/12", admin(), Map.of("access_control_list",
                List.of(Map.of("user_name", "test@test.com", "permission_level", "IS_OWNER")))), 200);

        assertSameShape(mapper.readTree(fixture("databricks/tfprovider-exporter-get-job-permissions-12.json")), permissions, "job");
        assertThat(permissions.get("object_type").asText()).isEqualTo("job");
        assertThat(call("GET", "/api/2.0/permissions/jobs/13", admin(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void theBannerNamesEndpointsClientIdsTheTrustStoreAndAReadyCurl() throws Exception {
        String text = banner.text();

        assertThat(text).contains(servers.mainBaseUrl()).contains(servers.adminBaseUrl())
                .contains(PLATFORM_CLIENT).contains(tls.trustStorePath().toString())
                .contains("curl --cacert emulator.pem").contains("/oauth2/v2.0/token");
        assertThat(adminApi("GET", "/admin/workspaces", null).findValuesAsText("name")).contains(workspace.name());
    }
}
