package dev.bricklayer.emulator.workspace.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code attributes} and {@code excludedAttributes}: plain, dotted and schema-qualified names (RFC 7644 §3.10). */
class ScimProjectionTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "attributes={0} keeps {1}")
    @CsvSource(delimiter = '|', textBlock = """
            name                                                             | id,schemas,userName,name
            name.givenName                                                   | id,schemas,userName,name
            urn:ietf:params:scim:schemas:core:2.0:User:name                  | id,schemas,userName,name
            urn:ietf:params:scim:schemas:core:2.0:User:name.givenName,emails | id,schemas,userName,name,emails
            """)
    void attributesKeepTheNamedTopLevelAttributesAndTheIdentifyingOnes(String attributes, String kept) throws Exception {
        ObjectNode projected = new ScimProjection(attributes, null, ScimResourceType.USERS).apply(user());

        assertThat(projected.fieldNames()).toIterable().containsExactlyInAnyOrder(kept.split(","));
    }

    @ParameterizedTest(name = "excludedAttributes={0}")
    @CsvSource({"groups", "urn:ietf:params:scim:schemas:core:2.0:User:groups"})
    void excludedAttributesDropTheNamedAttribute(String excluded) throws Exception {
        ObjectNode projected = new ScimProjection(null, excluded, ScimResourceType.USERS).apply(user());

        assertThat(projected.has("groups")).isFalse();
        assertThat(projected.has("userName")).isTrue();
    }

    private static ObjectNode user() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"a@contoso.com",
                 "name":{"givenName":"A","familyName":"B"},"emails":[{"value":"a@contoso.com"}],"groups":[],"active":true}""");
    }
}
