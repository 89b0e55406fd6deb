package dev.bricklayer.emulator.workspace.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;

class ScimListQueryTest {

    private static ObjectNode user(String id, String userName, String givenName) {
        ObjectNode user = JsonNodeFactory.instance.objectNode().put("id", id).put("userName", userName).put("active", true);
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        user.putObject("name").put("givenName", givenName);
        return user;
    }

    private static final List<ObjectNode> USERS = List.of(user("1", "carol@x", "Carol"), user("2", "alice@x", "Alice"),
            user("3", "bob@x", "bob"));

    private static ScimListQuery query(String... params) {
        MockServerRequest.Builder request = MockServerRequest.builder();
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam(params[i], params[i + 1]);
        }
        return ScimListQuery.of(request.build(), ScimResourceType.USERS);
    }

    private static List<String> ids(JsonNode answer) {
        return answer.get("Resources").findValuesAsText("id");
    }

    @Test
    void theFilterIsEvaluatedOnEachResource() {
        ScimListQuery query = query("filter", "userName sw \"a\" or name.givenName eq \"bob\"");

        assertThat(USERS.stream().filter(query::matches).map(user -> user.get("id").asText())).containsExactly("2", "3");
        assertThat(catchThrowableOfType(() -> query("filter", "userName zz \"a\""), EmulatorException.class).body())
                .containsEntry("scimType", "invalidFilter");
    }

    @Test
    void sortIsCaseInsensitiveByADottedPathThenTheListIsPagedFromOne() {
        JsonNode ascending = query("sortBy", "name.givenName").answer(USERS);
        JsonNode secondPage = query("sortBy", "userName", "sortOrder", "descending", "startIndex", "2", "count", "1").answer(USERS);

        assertThat(ids(ascending)).containsExactly("2", "3", "1");
        assertThat(secondPage.get("totalResults").asInt()).isEqualTo(3);
        assertThat(secondPage.get("startIndex").asInt()).isEqualTo(2);
        assertThat(secondPage.get("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(ids(secondPage)).containsExactly("3");
        assertThat(catchThrowableOfType(() -> query("count", "ten").answer(USERS), EmulatorException.class).body())
                .containsEntry("scimType", "invalidValue");
    }

    @Test
    void attributesKeepTheIdentifyingOnesAndExcludedAttributesNeverDropIdOrSchemas() {
        JsonNode kept = query("attributes", "name.givenName").answer(USERS).get("Resources").get(0);
        JsonNode dropped = query("excludedAttributes", "id,name").answer(USERS)
                .get("Resources").get(0);

        assertThat(kept.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "schemas", "userName", "name");
        assertThat(dropped.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "schemas", "userName", "active");
        assertThat(USERS.get(0).has("name")).as("the resources themselves are not changed").isTrue();
    }
}
