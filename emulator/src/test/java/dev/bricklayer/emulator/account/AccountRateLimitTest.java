package dev.bricklayer.emulator.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import com.fasterxml.jackson.databind.JsonNode;

/** The account's own budgets at their defaults (reference §7.6): 2 SCIM PATCH a second, while lists have 240. */
@SpringBootTest(properties = {"spring.main.web-application-type=none", "spring.application.name=emulator",
        "spring.jackson.default-property-inclusion=non_null", "emulator.port=0", "emulator.admin-port=0",
        "emulator.trust-store-path=target/test-emulator-account-limits-truststore.p12"})
class AccountRateLimitTest extends AccountApiTestBase {

    @Test
    void aBurstOfAccountScimPatchesMeetsTheTwoASecondBudgetWhileListsGoOn() throws Exception {
        String id = accountUser("burst@contoso.com");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(account("PATCH", ACCOUNT_API + "/scim/v2/Users/" + id, accountAdmin(), Map.of("Operations",
                    List.of(Map.of("op", "replace", "path", "displayName", "value", "Burst " + i)))));
        }
        HttpResponse<String> list = account("GET", ACCOUNT_API + "/scim/v2/Users", accountAdmin(), null);

        HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
        JsonNode body = mapper.readTree(refused.body());
        assertThat(body.get("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(body.get("message").asText()).contains("2 requests per second");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(list.statusCode()).isEqualTo(200);
    }
}
