package dev.bricklayer.emulator.workspace.ipaccess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

class IpAccessListsApiTest extends WorkspaceApiTestBase {

    private static final String LISTS = "/api/2.0/ip-access-lists";

    private Map<String, String> from(String address) {
        return with(admin(), "X-Forwarded-For", address);
    }

    @Test
    void theFixtureListIsCreatedAndAnsweredInTheFixturesShape() throws Exception {
        JsonNode created = json(call("POST", LISTS, admin(), fixture("databricks/ip-access-lists.POST.request.json")), 200);
        String id = created.get("ip_access_list").get("list_id").asText();
        JsonNode got = json(call("GET", LISTS + "/" + id, admin(), null), 200);
        JsonNode patched = json(call("PATCH", LISTS + "/" + id, admin(), fixture("databricks/ip-access-lists.PATCH.request.json")), 200);

        assertSameShape(mapper.readTree(fixture("databricks/ip-access-lists.POST.response.json")), created, "created");
        assertSameShape(mapper.readTree(fixture("databricks/ip-access-lists.GET-by-id.response.json")), got, "got");
        assertThat(got.get("ip_access_list").get("address_count").asInt()).isEqualTo(2);
        assertThat(got.get("ip_access_list").get("enabled").asBoolean()).isTrue();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(patched.get("ip_access_list").get("ip_addresses")).hasSize(2);
    }

    @Test
    void duplicatesUnknownIdsAndBadAddressesAreRefusedAsTheServiceDoes() throws Exception {
        json(call("POST", LISTS, admin(), fixture("databricks/ip-access-lists.POST.request.json")), 200);

        JsonNode duplicate = json(call("POST", LISTS, admin(), fixture("databricks/ip-access-lists.POST.request.json")), 400);
        JsonNode unknown = json(call("GET", LISTS + "/234567", admin(), null), 404);
        JsonNode ipv6 = json(call("POST", LISTS, admin(), Map.of("label", "v6", "list_type", "ALLOW", "ip_addresses", List.of("2001:db8::/32"))), 400);
        JsonNode garbage = json(call("POST", LISTS, admin(), Map.of("label", "bad", "list_type", "ALLOW", "ip_addresses", List.of("10.0.0.0/33"))), 400);
        JsonNode type = json(call("POST", LISTS, admin(), Map.of("label", "t", "list_type", "allow", "ip_addresses", List.of("10.0.0.1"))), 400);

        assertThat(duplicate).isEqualTo(mapper.readTree(fixture("databricks/ip-access-lists.POST.error-400-RESOURCE_ALREADY_EXISTS.json")));
        assertThat(unknown).isEqualTo(mapper.readTree(fixture("databricks/ip-access-lists.GET.error-404-RESOURCE_DOES_NOT_EXIST.json")));
        assertThat(ipv6.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(ipv6.get("message").asText()).contains("2001:db8::/32");
        assertThat(garbage.get("message").asText()).contains("10.0.0.0/33");
        assertThat(type.get("message").asText()).contains("list_type");
    }

    @Test
    void theQuotaOf1000ValuesIsEnforcedOverAllLists() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            many.add("10." + (i / 250) + "." + (i % 250) + ".1");
        }
        json(call("POST", LISTS, admin(), Map.of("label", "many", "list_type", "ALLOW", "ip_addresses", many)), 200);
        json(call("POST", LISTS, admin(), Map.of("label", "one", "list_type", "BLOCK", "ip_addresses", List.of("192.0.2.0/24"))), 200);

        JsonNode over = json(call("POST", LISTS, admin(), Map.of("label", "two", "list_type", "BLOCK", "ip_addresses", List.of("198.51.100.7"))), 400);

        assertThat(over.get("error_code").asText()).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void onceEnabledBlockedSourcesGet403AndSelfLockoutIsRefused() throws Exception {
        json(call("POST", LISTS, admin(), Map.of("label", "office", "list_type", "ALLOW", "ip_addresses", List.of("203.0.113.0/24"))), 200);
        json(call("POST", LISTS, admin(), Map.of("label", "bad-host", "list_type", "BLOCK", "ip_addresses", List.of("203.0.113.66"))), 200);

        // before enforcement anyone gets in
        assertThat(call("GET", LISTS, from("198.51.100.1"), null).statusCode()).isEqualTo(200);
        // turning enforcement on from outside the allow list would lock the caller out
        JsonNode lockout = json(call("PATCH", "/api/2.0/workspace-conf", from("198.51.100.1"), Map.of("enableIpAccessLists", "true")), 400);
        json(call("PATCH", "/api/2.0/workspace-conf", from("203.0.113.10"), Map.of("enableIpAccessLists", "true")), 204);

        JsonNode outside = json(call("GET", LISTS, from("198.51.100.1"), null), 403);
        JsonNode blocked = json(call("GET", LISTS, from("203.0.113.66"), null), 403);
        assertThat(call("GET", LISTS, from("203.0.113.10"), null).statusCode()).isEqualTo(200);
        JsonNode selfBlock = json(call("POST", LISTS, from("203.0.113.10"), Map.of("label", "oops", "list_type", "BLOCK",
                "ip_addresses", List.of("203.0.113.0/28"))), 400);

        assertThat(lockout.get("error_code").asText()).isEqualTo("INVALID_STATE");
        assertThat(outside.get("message").asText()).isEqualTo("Source IP address: 198.51.100.1 is blocked by Databricks IP ACL for workspace: "
                + workspace.workspaceId());
        assertThat(blocked.get("error_code").asText()).isEqualTo("403");
        assertThat(selfBlock.get("error_code").asText()).isEqualTo("INVALID_STATE");
    }

    @Test
    void workspaceConfTakesStringValuesAndNamesWhatItRefuses() throws Exception {
        json(call("PATCH", "/api/2.0/workspace-conf", admin(), fixture("databricks/workspace-conf.PATCH.request.json")), 204);
        JsonNode got = json(call("GET", "/api/2.0/workspace-conf?keys=enableIpAccessLists,maxTokenLifetimeDays", admin(), null), 200);
        JsonNode notAllowed = json(call("PATCH", "/api/2.0/workspace-conf", admin(), Map.of("enableGp3", "")), 400);
        JsonNode numberNotString = json(call("PATCH", "/api/2.0/workspace-conf", admin(), Map.of("maxTokenLifetimeDays", 90)), 400);
        JsonNode unknownKey = json(call("GET", "/api/2.0/workspace-conf?keys=enableIpAccessLists,key1", admin(), null), 400);
        JsonNode byUser = json(call("PATCH", "/api/2.0/workspace-conf", user("u@contoso.com"), Map.of("enableTokensConfig", "false")), 403);

        assertThat(got.get("enableIpAccessLists").asText()).isEqualTo("true");
        assertThat(got.has("maxTokenLifetimeDays")).isTrue();
        assertThat(got.get("maxTokenLifetimeDays").isNull()).isTrue();
        assertThat(notAllowed).isEqualTo(mapper.readTree(fixture("databricks/workspace-conf.PATCH.error-400-values-not-allowed.json")));
        assertThat(numberNotString.get("message").asText()).startsWith("Some values are not allowed: ");
        assertThat(unknownKey.get("message").asText()).isEqualTo("Invalid keys: [\"key1\"]");
        assertThat(byUser.get("error_code").asText()).isEqualTo("PERMISSION_DENIED");
    }
}
