package dev.bricklayer.common.rules;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The cluster policy rule language, checked before a definition is sent to the Cluster Policies API: a definition
 * is a JSON object mapping attribute paths ({@code spark_conf.foo}, {@code autoscale.max_workers},
 * {@code custom_tags.team}, virtual {@code cluster_type}) to one rule each, of type {@code fixed} (needs
 * {@code value}), {@code forbidden}, {@code allowlist} / {@code blocklist} (need a non-empty {@code values} array),
 * {@code regex} (needs a valid {@code pattern}), {@code range} (numeric {@code minValue} and/or {@code maxValue},
 * min not above max) or {@code unlimited}; the modifiers {@code isOptional} and {@code hidden} are booleans.
 */
public final class ClusterPolicyRules {

    /** The rule types of the policy language. */
    public static final Set<String> RULE_TYPES = Set.of("fixed", "forbidden", "allowlist", "blocklist", "regex", "range", "unlimited");

    /** The default policies every workspace has; their names are taken. */
    public static final Set<String> BUILT_IN_POLICIES = Set.of("Personal Compute", "Power User Compute", "Shared Compute",
            "Job Compute", "Legacy Shared Compute");

    private ClusterPolicyRules() {
    }

    /**
     * One broken rule of a definition.
     *
     * @param attribute the attribute path the rule is for, or {@code null} when the whole definition is at fault
     * @param rule      which rule is broken: {@code json}, {@code json-object}, {@code duplicate-attribute},
     *                  {@code rule-object}, {@code rule-type}, {@code fixed-value}, {@code list-values},
     *                  {@code regex-pattern}, {@code range-bounds}, {@code modifier}
     * @param message   what is wrong, for a person
     */
    public record Problem(String attribute, String rule, String message) {

        public Problem {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Every broken rule of {@code definition} (a JSON document in a string); empty when it is a valid definition. */
    public static List<Problem> check(String definition, ObjectMapper mapper) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = definition == null ? null
                    : mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(definition);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            boolean duplicate = detail != null && detail.startsWith("Duplicate field");
            problems.add(new Problem(null, duplicate ? "duplicate-attribute" : "json", duplicate
                    ? "an attribute may have one rule only: " + detail
                    : "the policy definition is not valid JSON: " + detail));
            return problems;
        }
        if (root == null || !root.isObject()) {
            problems.add(new Problem(null, "json-object", "the policy definition must be a JSON object mapping attribute paths to rules"));
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            checkRule(entry.getKey(), entry.getValue(), problems);
        }
        return problems;
    }

    private static void checkRule(String path, JsonNode rule, List<Problem> problems) {
        if (!rule.isObject()) {
            problems.add(new Problem(path, "rule-object", path + ": a rule must be a JSON object with a type"));
            return;
        }
        String type = rule.path("type").isTextual() ? rule.get("type").asText() : null;
        if (type == null || !RULE_TYPES.contains(type)) {
            problems.add(new Problem(path, "rule-type", path + ": rule type " + (type == null ? rule.get("type") : "'" + type + "'")
                    + " is not one of " + new TreeSet<>(RULE_TYPES)));
            return;
        }
        switch (type) {
            case "fixed" -> {
                if (!rule.has("value") || rule.get("value").isNull()) {
                    problems.add(new Problem(path, "fixed-value", path + ": a fixed rule needs a value"));
                }
            }
            case "allowlist", "blocklist" -> {
                if (!rule.path("values").isArray() || rule.get("values").isEmpty()) {
                    problems.add(new Problem(path, "list-values", path + ": an " + type + " rule needs a non-empty values array"));
                }
            }
            case "regex" -> {
                if (!rule.path("pattern").isTextual()) {
                    problems.add(new Problem(path, "regex-pattern", path + ": a regex rule needs a pattern"));
                } else {
                    try {
                        Pattern.compile(rule.get("pattern").asText());
                    } catch (PatternSyntaxException e) {
                        problems.add(new Problem(path, "regex-pattern", path + ": pattern is not a valid regular expression: "
                                + e.getDescription()));
                    }
                }
            }
            case "range" -> {
                JsonNode min = rule.get("minValue");
                JsonNode max = rule.get("maxValue");
                if ((min != null && !min.isNumber()) || (max != null && !max.isNumber())) {
                    problems.add(new Problem(path, "range-bounds", path + ": minValue and maxValue must be numbers"));
                } else if (min == null && max == null) {
                    problems.add(new Problem(path, "range-bounds", path + ": a range rule needs minValue or maxValue"));
                } else if (min != null && max != null && min.decimalValue().compareTo(max.decimalValue()) > 0) {
                    problems.add(new Problem(path, "range-bounds", path + ": minValue " + min + " is greater than maxValue " + max));
                }
            }
            default -> {
            }
        }
        for (String modifier : List.of("isOptional", "hidden")) {
            if (rule.has(modifier) && !rule.get(modifier).isBoolean()) {
                problems.add(new Problem(path, "modifier", path + ": " + modifier + " must be true or false"));
            }
        }
    }
}
