package dev.bricklayer.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissionRequested;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;

/** The schemas name exactly the properties the records have, at every level, so neither side can drift. */
class SchemasMatchRecordsTest {

    static Stream<Arguments> schemaParts() {
        return Stream.of(
                Arguments.of(UserJoined.class, "", UserJoined.class),
                Arguments.of(UserJoined.class, "/$defs/HrAttributes", HrAttributes.class),
                Arguments.of(UserMoved.class, "", UserMoved.class),
                Arguments.of(UserMoved.class, "/$defs/HrAttributes", HrAttributes.class),
                Arguments.of(UserLeft.class, "", UserLeft.class),
                Arguments.of(WorkspaceRequested.class, "", WorkspaceRequested.class),
                Arguments.of(WorkspaceRequested.class, "/$defs/NetworkSpec", NetworkSpec.class),
                Arguments.of(WorkspaceRequested.class, "/$defs/Subnet", Subnet.class),
                Arguments.of(WorkspaceRequested.class, "/properties/blueprint",
                        dev.bricklayer.common.events.workspace.BlueprintRef.class),
                Arguments.of(WorkspaceDecommissionRequested.class, "", WorkspaceDecommissionRequested.class));
    }

    @ParameterizedTest(name = "{0}{1} ~ {2}")
    @MethodSource("schemaParts")
    void schemaPropertiesAreTheRecordComponents(Class<?> event, String pointer, Class<?> record) throws Exception {
        JsonNode part = schemaOf(event).at(pointer);

        Set<String> properties = new HashSet<>();
        part.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> required = new HashSet<>();
        part.get("required").forEach(name -> required.add(name.asText()));

        assertThat(properties).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(record.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(properties).containsAll(required);
        assertThat(part.get("additionalProperties").asBoolean(true)).isFalse();
    }

    private static JsonNode schemaOf(Class<?> event) throws Exception {
        String resource = EventSchemas.schemaResource(event).orElseThrow();
        try (InputStream in = SchemasMatchRecordsTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
