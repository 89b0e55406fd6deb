package dev.bricklayer.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.PatchRequest;

/** The request bodies identity-service sends have the shapes of the reference fixtures (Terraform provider's wire JSON). */
class ScimRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path FIXTURES = Path.of("..", "emulator", "src", "test", "resources", "fixtures", "databricks");

    @Test
    void membershipChangesOfManyPeopleAreOnePatchWithOneAddAndOneRemovePerMember() throws IOException {
        assertThat(json(PatchRequest.of(ScimModel.membershipOperations(Set.of("bcd"), Set.of()))))
                .isEqualTo(fixture("scim.Groups.PATCH.add-member.request.json"));
        assertThat(json(PatchRequest.of(ScimModel.membershipOperations(Set.of(), Set.of("bcd")))))
                .isEqualTo(fixture("scim.Groups.PATCH.remove-member.request.json"));

        JsonNode batch = json(PatchRequest.of(ScimModel.membershipOperations(new LinkedHashSet<>(List.of("1", "2", "3")), Set.of("9"))));
        assertThat(batch.get("Operations")).hasSize(2);
        assertThat(batch.get("Operations").get(0).get("value").findValuesAsText("value")).containsExactly("1", "2", "3");
        assertThat(batch.get("Operations").get(1).get("path").asText()).isEqualTo("members[value eq \"9\"]");
    }

    @Test
    void aUserIsCreatedWithItsEntitlementsInTheSameRequest() throws IOException {
        ScimModel.NewUser user = new ScimModel.NewUser(List.of(ScimModel.USER_SCHEMA), "me@example.com", "Example user", null, null, true,
                ScimModel.values(List.of("allow-cluster-create")));
        assertThat(json(user)).isEqualTo(fixture("scim.Users.POST.request.json"));
    }

    @Test
    void filterLiteralsAreQuoted() {
        assertThat(ScimModel.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Operation.removeMember("42").path()).isEqualTo("members[value eq \"42\"]");
    }

    private static JsonNode json(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static JsonNode fixture(String name) throws IOException {
        return MAPPER.readTree(Files.readString(FIXTURES.resolve(name)));
    }
}
