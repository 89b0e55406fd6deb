package dev.bricklayer.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bricklayer.common.events.BootObjectMapper;
import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.HrEvents;
import dev.bricklayer.common.events.WorkspaceEvents;

class EventSchemaValidatorTest {

    private static final ObjectMapper MAPPER = BootObjectMapper.get();

    private final EventSchemaValidator validator = new EventSchemaValidator(MAPPER);

    static Stream<Arguments> validEvents() {
        return Stream.of(
                Arguments.of("bricklayer.hr.UserJoined.v1", HrEvents.joined()),
                Arguments.of("bricklayer.hr.UserJoined.v1", HrEvents.joinedContractorWithoutOptionals()),
                Arguments.of("bricklayer.hr.UserMoved.v1", HrEvents.moved()),
                Arguments.of("bricklayer.hr.UserMoved.v1", HrEvents.movedWithoutPrevious()),
                Arguments.of("bricklayer.hr.UserLeft.v1", HrEvents.left()),
                Arguments.of("bricklayer.workspace.WorkspaceRequested.v1", WorkspaceEvents.requested()),
                Arguments.of("bricklayer.workspace.WorkspaceRequested.v1", WorkspaceEvents.requestedMinimal()),
                Arguments.of("bricklayer.workspace.WorkspaceDecommissionRequested.v1", WorkspaceEvents.decommissionRequested()),
                Arguments.of("bricklayer.workspace.WorkspaceDecommissionRequested.v1", WorkspaceEvents.decommissionRequestedMinimal()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("validEvents")
    void theJsonOfAValidRecordPassesItsSchema(String ceType, Record event) throws Exception {
        byte[] body = MAPPER.writeValueAsBytes(event);

        ValidationResult result = validator.validate(ceType, body);

        assertThat(result.errors()).isEmpty();
        assertThat(result.isValid()).isTrue();
    }

    @Test
    void everySchemaIsCoveredByAValidSample() {
        assertThat(validEvents().map(arguments -> (String) arguments.get()[0]).distinct())
                .containsExactlyInAnyOrderElementsOf(EventSchemas.ceTypes());
    }

    @Test
    void anInvalidJoinerNamesEachBadField() {
        ObjectNode body = MAPPER.valueToTree(HrEvents.joined());
        body.remove("employeeId");
        body.put("userName", "not-an-email");
        body.put("effectiveDate", 20250303);
        ((ObjectNode) body.get("attributes")).remove("department");

        ValidationResult result = validator.validate("bricklayer.hr.UserJoined.v1", body.toString());

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                tuple("/employeeId", "required"),
                tuple("/userName", "format"),
                tuple("/effectiveDate", "type"),
                tuple("/attributes/department", "required"));
        assertThat(result.errors()).allSatisfy(error -> assertThat(error.message()).isNotBlank());
    }

    @Test
    void anInternationalisedEmailAddressIsRefusedByEveryHrEventAlike() {
        for (Record event : List.of(HrEvents.joined(), HrEvents.moved(), HrEvents.left())) {
            ObjectNode body = MAPPER.valueToTree(event);
            body.put("userName", "jos\u00e9.garc\u00eda@contoso.com");

            ValidationResult result = validator.validate(event.getClass().getSimpleName(), body);

            assertThat(result.errors()).as(event.getClass().getSimpleName()).extracting(FieldError::field, FieldError::rule)
                    .contains(tuple("/userName", "pattern"));
        }
    }

    @Test
    void aMisspeltOptionalFieldIsRejectedNotSilentlyDropped() {
        ObjectNode body = MAPPER.valueToTree(HrEvents.moved());
        ObjectNode current = (ObjectNode) body.get("current");
        current.set("costCenter", current.remove("costCentre"));

        ValidationResult result = validator.validate("UserMoved", body);

        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                tuple("/current/costCentre", "required"),
                tuple("/current/costCenter", "additionalProperties"));
    }

    @Test
    void aLeaverWithAnImpossibleDateOrEmployeeIdFails() {
        ObjectNode body = MAPPER.valueToTree(HrEvents.left());
        body.put("leftDate", "2026-02-30");
        body.put("employeeId", "E 100 234");
        body.put("occurredAt", "yesterday");

        ValidationResult result = validator.validate("bricklayer.hr.UserLeft.v1", body);

        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                tuple("/leftDate", "format"),
                tuple("/employeeId", "pattern"),
                tuple("/occurredAt", "format"));
    }

    @Test
    void anInvalidWorkspaceRequestNamesEachBadField() {
        ObjectNode body = MAPPER.valueToTree(WorkspaceEvents.requested());
        body.put("workspaceName", "ab");
        body.put("pricingTier", "gold");
        ((ObjectNode) body.at("/network/publicSubnet")).put("cidr", "10.28.0.0/33");
        ((ObjectNode) body.at("/network")).put("vnetCidr", "10.28.0/23");
        body.put("subscriptionId", "not-a-subscription");

        ValidationResult result = validator.validate("bricklayer.workspace.WorkspaceRequested.v1", body);

        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                tuple("/workspaceName", "pattern"),
                tuple("/pricingTier", "enum"),
                tuple("/network/publicSubnet/cidr", "pattern"),
                tuple("/network/vnetCidr", "pattern"),
                tuple("/subscriptionId", "format"));
    }

    @Test
    void aWorkspaceRequestWithoutNetworkMissingItsSubnetsNamesThem() {
        ObjectNode body = MAPPER.valueToTree(WorkspaceEvents.requested());
        ObjectNode network = (ObjectNode) body.get("network");
        network.remove("privateSubnet");
        network.remove("noPublicIp");
        body.remove("blueprint");

        ValidationResult result = validator.validate("WorkspaceRequested", body);

        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule).containsExactlyInAnyOrder(
                tuple("/network/privateSubnet", "required"),
                tuple("/network/noPublicIp", "required"),
                tuple("/blueprint", "required"));
    }

    @Test
    void workspaceNamesOfThreeAndSixtyFourCharactersAreAccepted() {
        ObjectNode body = MAPPER.valueToTree(WorkspaceEvents.requestedMinimal());

        assertThat(validator.validate("WorkspaceRequested", body.put("workspaceName", "a-1")).isValid()).isTrue();
        assertThat(validator.validate("WorkspaceRequested", body.put("workspaceName", "w".repeat(64))).isValid()).isTrue();
        assertThat(validator.validate("WorkspaceRequested", body.put("workspaceName", "w".repeat(65))).errors())
                .extracting(FieldError::field).containsExactly("/workspaceName");
        assertThat(validator.validate("WorkspaceRequested", body.put("workspaceName", "fin.prod")).errors())
                .extracting(FieldError::field).containsExactly("/workspaceName");
    }

    @Test
    void malformedJsonGivesOneJsonErrorOnTheWholeMessage() {
        ValidationResult result = validator.validate("bricklayer.hr.UserJoined.v1", "{\"employeeId\": \"E-1\", ");

        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("/", "json"));
    }

    @Test
    void trailingGarbageAndEmptyBodiesAreNotJson() {
        String valid = MAPPER.valueToTree(HrEvents.left()).toString();

        assertThat(validator.validate("UserLeft", valid + " }").errors())
                .extracting(FieldError::field, FieldError::rule).containsExactly(tuple("/", "json"));
        assertThat(validator.validate("UserLeft", new byte[0]).errors())
                .extracting(FieldError::field, FieldError::rule).containsExactly(tuple("/", "json"));
        assertThat(validator.validate("UserLeft", (String) null).errors())
                .extracting(FieldError::field, FieldError::rule).containsExactly(tuple("/", "json"));
    }

    @Test
    void aBodyThatIsNotAnObjectFailsOnTheWholeMessage() {
        ValidationResult result = validator.validate("UserLeft", "[1, 2]");

        assertThat(result.errors()).extracting(FieldError::field, FieldError::rule)
                .containsExactly(tuple("/", "type"));
    }

    @Test
    void ceTypesAndBareNamesSelectTheSameSchema() {
        assertThat(validator.supports("bricklayer.hr.UserJoined.v1")).isTrue();
        assertThat(validator.supports("UserJoined")).isTrue();
        assertThat(validator.validate("UserJoined", (JsonNode) MAPPER.valueToTree(HrEvents.joined())).ceType())
                .isEqualTo("bricklayer.hr.UserJoined.v1");
        assertThat(EventSchemas.schemaResource("bricklayer.workspace.WorkspaceRequested.v1"))
                .contains("schemas/workspace/WorkspaceRequested.v1.schema.json");
    }

    @Test
    void anEventTypeWithoutSchemaIsRefused() {
        assertThat(validator.supports("bricklayer.hr.UserJoined.v2")).isFalse();
        assertThat(validator.supports("bricklayer.security.WorkspaceSecured.v1")).isFalse();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> validator.validate("bricklayer.hr.UserRetired.v1", "{}"))
                .withMessageContaining("bricklayer.hr.UserRetired.v1");
    }
}
