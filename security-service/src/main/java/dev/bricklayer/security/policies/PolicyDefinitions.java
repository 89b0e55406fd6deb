package dev.bricklayer.security.policies;

import java.util.Comparator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Policy definitions compared as what they mean, not as text: both JSON strings are parsed and compared as trees,
 * so key order and white space do not matter and numbers compare by value ({@code 60} equals {@code 60.0}).
 */
public final class PolicyDefinitions {

    /** Numbers by value; everything else by Jackson's own equality (objects as maps, arrays in order). */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final ObjectMapper mapper;

    public PolicyDefinitions(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether the two definitions say the same; a definition that is not JSON only equals the same text. */
    public boolean same(String a, String b) {
        JsonNode left = parse(a);
        JsonNode right = parse(b);
        if (left == null || right == null) {
            return a == null ? b == null : a.equals(b);
        }
        return left.equals(BY_VALUE, right);
    }

    /** The definition as compact JSON, for a person to read in a drift report; the text itself when not JSON. */
    public String compact(String definition) {
        JsonNode tree = parse(definition);
        try {
            return tree == null ? definition : mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return definition;
        }
    }

    private JsonNode parse(String definition) {
        if (definition == null) {
            return null;
        }
        try {
            return mapper.readTree(definition);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
