package dev.bricklayer.emulator.workspace.compute;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The cluster policy rule language: a definition maps attribute paths ({@code spark_conf.foo},
 * {@code autoscale.max_workers}, {@code custom_tags.team}, {@code init_scripts.0.dbfs.destination}, virtual
 * {@code cluster_type}) to one rule of type {@code fixed}, {@code forbidden}, {@code allowlist}, {@code blocklist},
 * {@code regex}, {@code range} or {@code unlimited}, with {@code defaultValue}, {@code isOptional} and
 * {@code hidden}. {@link #validate} checks a definition; {@link #apply} fills defaults into a cluster spec and
 * lists every rule it breaks.
 */
final class PolicyRules {

    static final Set<String> TYPES = Set.of("fixed", "forbidden", "allowlist", "blocklist", "regex", "range", "unlimited");
    private static final Set<String> VIRTUAL = Set.of("cluster_type", "dbus_per_hour");

    private PolicyRules() {
    }

    /** Parses and checks a definition string; returns the problems (empty when valid). */
    static List<String> validate(ObjectMapper mapper, String definition, Map<String, JsonNode> parsedOut) {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = mapper.readTree(definition);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("definition is not valid JSON: " + e.getOriginalMessage());
            return problems;
        }
        if (root == null || !root.isObject()) {
            problems.add("definition must be a JSON object mapping attribute paths to rules");
            return problems;
        }
        root.fields().forEachRemaining(entry -> {
            String path = entry.getKey();
            JsonNode rule = entry.getValue();
            if (!rule.isObject()) {
                problems.add(path + ": a rule must be an object");
                return;
            }
            String type = rule.path("type").asText(null);
            if (type == null || !TYPES.contains(type)) {
                problems.add(path + ": unknown rule type " + rule.get("type") + "; expected one of " + new java.util.TreeSet<>(TYPES));
                return;
            }
            switch (type) {
                case "fixed" -> {
                    if (!rule.has("value")) {
                        problems.add(path + ": a fixed rule needs a value");
                    }
                }
                case "allowlist", "blocklist" -> {
                    if (!rule.path("values").isArray() || rule.path("values").isEmpty()) {
                        problems.add(path + ": an " + type + " rule needs a non-empty values array");
                    }
                }
                case "regex" -> {
                    if (!rule.path("pattern").isTextual()) {
                        problems.add(path + ": a regex rule needs a pattern");
                    } else {
                        try {
                            Pattern.compile(rule.get("pattern").asText());
                        } catch (PatternSyntaxException e) {
                            problems.add(path + ": pattern is not a valid regular expression: " + e.getDescription());
                        }
                    }
                }
                case "range" -> {
                    JsonNode min = rule.get("minValue");
                    JsonNode max = rule.get("maxValue");
                    if ((min != null && !min.isNumber()) || (max != null && !max.isNumber())) {
                        problems.add(path + ": minValue and maxValue must be numbers");
                    } else if (min == null && max == null) {
                        problems.add(path + ": a range rule needs minValue or maxValue");
                    } else if (min != null && max != null && min.decimalValue().compareTo(max.decimalValue()) > 0) {
                        problems.add(path + ": minValue " + min + " is greater than maxValue " + max);
                    }
                }
                default -> {
                }
            }
            for (String flag : List.of("isOptional", "hidden")) {
                if (rule.has(flag) && !rule.get(flag).isBoolean()) {
                    problems.add(path + ": " + flag + " must be true or false");
                }
            }
            if (parsedOut != null) {
                parsedOut.put(path, rule);
            }
        });
        return problems;
    }

    /**
     * Applies a policy to a cluster spec: absent attributes get their {@code defaultValue} (fixed ones their value),
     * then every rule is checked. Returns the violations, each "Validation failed for {path}, …".
     */
    static List<String> apply(ObjectMapper mapper, Map<String, JsonNode> rules, ObjectNode spec, String clusterType) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : rules.entrySet()) {
            String path = entry.getKey();
            JsonNode rule = entry.getValue();
            String type = rule.path("type").asText();
            boolean virtual = VIRTUAL.contains(path);
            JsonNode value = virtual ? (path.equals("cluster_type") ? mapper.getNodeFactory().textNode(clusterType) : null)
                    : get(spec, path);
            if (value == null && !virtual) {
                if (rule.has("defaultValue")) {
                    set(spec, path, rule.get("defaultValue"));
                    value = rule.get("defaultValue");
                } else if (type.equals("fixed")) {
                    set(spec, path, rule.get("value"));
                    value = rule.get("value");
                }
            }
            if (virtual && path.equals("dbus_per_hour")) {
                continue;
            }
            String problem = check(type, rule, value);
            if (problem != null) {
                violations.add("Validation failed for " + path + ", " + problem);
            }
        }
        return violations;
    }

    private static String check(String type, JsonNode rule, JsonNode value) {
        boolean optional = rule.path("isOptional").asBoolean(false);
        if (value == null) {
            return type.equals("forbidden") || optional ? null : "the value must be present";
        }
        return switch (type) {
            case "fixed" -> same(value, rule.get("value")) ? null : "the value must be " + rule.get("value") + " (is " + value + ")";
            case "forbidden" -> "the value must not be present";
            case "allowlist" -> contains(rule.get("values"), value) ? null : "the value must be one of " + rule.get("values") + " (is " + value + ")";
            case "blocklist" -> contains(rule.get("values"), value) ? "the value must not be one of " + rule.get("values") + " (is " + value + ")" : null;
            case "regex" -> Pattern.compile(rule.get("pattern").asText()).matcher(value.asText()).matches() ? null
                    : "the value must match the regular expression " + rule.get("pattern").asText() + " (is " + value + ")";
            case "range" -> range(rule, value);
            default -> null;
        };
    }

    private static String range(JsonNode rule, JsonNode value) {
        BigDecimal number;
        try {
            number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            return "the value must be a number (is " + value + ")";
        }
        if (rule.has("minValue") && number.compareTo(rule.get("minValue").decimalValue()) < 0) {
            return "the value must be at least " + rule.get("minValue") + " (is " + value + ")";
        }
        if (rule.has("maxValue") && number.compareTo(rule.get("maxValue").decimalValue()) > 0) {
            return "the value must be at most " + rule.get("maxValue") + " (is " + value + ")";
        }
        return null;
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (same(candidate, value)) {
                return true;
            }
        }
        return false;
    }

    /** Equality as the service sees it: numbers by value, everything else by its text. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.asText().equals(b.asText()) && a.isContainerNode() == b.isContainerNode()
                && (!a.isContainerNode() || a.equals(b));
    }

    /** The value at a dotted path ({@code a.b}, {@code list.0.c}), or null. */
    static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && part.matches("\\d+") ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** Sets the value at a dotted path, making objects (and arrays for numeric parts) on the way. */
    static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            boolean nextIsIndex = parts[i + 1].matches("\\d+");
            JsonNode child = node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
            if (child == null || child.isNull()) {
                child = nextIsIndex ? root.arrayNode() : root.objectNode();
                if (node.isArray()) {
                    ArrayNode array = (ArrayNode) node;
                    int index = Integer.parseInt(part);
                    while (array.size() <= index) {
                        array.addNull();
                    }
                    array.set(index, child);
                } else {
                    ((ObjectNode) node).set(part, child);
                }
            }
            node = child;
        }
        String last = parts[parts.length - 1];
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            int index = Integer.parseInt(last);
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, value);
        } else {
            ((ObjectNode) node).set(last, value);
        }
    }

    static Map<String, JsonNode> parse(ObjectMapper mapper, String definition) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        validate(mapper, definition, rules);
        return rules;
    }
}
