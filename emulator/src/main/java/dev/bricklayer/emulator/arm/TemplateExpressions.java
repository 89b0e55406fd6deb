package dev.bricklayer.emulator.arm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * ARM template expressions: a string {@code "[...]"} is an expression ({@code "[[..."} is the literal {@code "[..."}),
 * made of function calls with string ({@code 'it''s'}), number and nested-call arguments, followed by property
 * ({@code .location}) and index ({@code [0]}) access. The functions are those the official Azure Databricks
 * templates use — {@code parameters}, {@code variables}, {@code concat}, {@code format}, {@code uniqueString},
 * {@code resourceGroup}, {@code subscription}, {@code resourceId}, {@code subscriptionResourceId} — plus common
 * helpers ({@code toLower}, {@code toUpper}, {@code string}, {@code int}, {@code bool}, {@code equals}, {@code if},
 * {@code not}, {@code and}, {@code or}, {@code empty}, {@code length}, {@code true}, {@code false}).
 *
 * <p>It is longer than the emulator's 300-line rule allows because it is a parser: the scanner, the recursive descent
 * over calls and accessors, and the template functions work on one expression and one {@link Scope}; split apart
 * they would only hand those around.
 */
final class TemplateExpressions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What an expression can see. */
    record Scope(String subscriptionId, String tenantId, String resourceGroup, String resourceGroupLocation,
                 Function<String, JsonNode> parameters, Function<String, JsonNode> variables) {
    }

    private TemplateExpressions() {
    }

    /** Evaluates every expression string inside {@code node} (deep); other values are copied. */
    static JsonNode evaluateTree(JsonNode node, Scope scope) {
        if (node.isTextual()) {
            return evaluateString(node.asText(), scope);
        }
        if (node.isArray()) {
            ArrayNode result = NODES.arrayNode();
            node.forEach(element -> result.add(evaluateTree(element, scope)));
            return result;
        }
        if (node.isObject()) {
            ObjectNode result = NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                result.set(field.getKey(), evaluateTree(field.getValue(), scope));
            }
            return result;
        }
        return node;
    }

    static JsonNode evaluateString(String text, Scope scope) {
        if (text.startsWith("[[")) {
            return TextNode.valueOf(text.substring(1));
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            Parser parser = new Parser(text.substring(1, text.length() - 1), scope);
            JsonNode value = parser.expression();
            parser.end();
            return value;
        }
        return TextNode.valueOf(text);
    }

    /** A template expression that could not be evaluated. */
    static final class ExpressionException extends RuntimeException {
        ExpressionException(String message) {
            super(message);
        }
    }

    private static final class Parser {
        private final String text;
        private final Scope scope;
        private int pos;

        Parser(String text, Scope scope) {
            this.text = text;
            this.scope = scope;
        }

        void end() {
            skip();
            if (pos != text.length()) {
                throw new ExpressionException("The template language expression '" + text + "' is not valid: unexpected '"
                        + text.substring(pos) + "'");
            }
        }

        JsonNode expression() {
            skip();
            JsonNode value;
            char c = peek();
            if (c == '\'') {
                value = TextNode.valueOf(string());
            } else if (Character.isDigit(c) || c == '-') {
                value = number();
            } else if (Character.isLetter(c)) {
                value = call();
            } else {
                throw new ExpressionException("The template language expression '" + text + "' is not valid at position " + pos);
            }
            return accessors(value);
        }

        private JsonNode accessors(JsonNode value) {
            while (true) {
                skip();
                if (pos < text.length() && text.charAt(pos) == '.') {
                    pos++;
                    String name = identifier();
                    JsonNode next = value.get(name);
                    if (next == null) {
                        next = findIgnoreCase(value, name);
                    }
                    if (next == null) {
                        throw new ExpressionException("The language expression property '" + name + "' doesn't exist");
                    }
                    value = next;
                } else if (pos < text.length() && text.charAt(pos) == '[') {
                    pos++;
                    JsonNode index = expression();
                    expect(']');
                    value = index.isNumber() ? value.get(index.asInt()) : value.get(index.asText());
                    if (value == null) {
                        throw new ExpressionException("The language expression index '" + index + "' is out of range");
                    }
                } else {
                    return value;
                }
            }
        }

        private static JsonNode findIgnoreCase(JsonNode node, String name) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String candidate = names.next();
                if (candidate.equalsIgnoreCase(name)) {
                    return node.get(candidate);
                }
            }
            return null;
        }

        private JsonNode call() {
            String name = identifier();
            expect('(');
            List<JsonNode> args = new ArrayList<>();
            skip();
            if (peek() != ')') {
                do {
                    args.add(expression());
                    skip();
                } while (tryConsume(','));
            }
            expect(')');
            return invoke(name, args);
        }

        private JsonNode invoke(String name, List<JsonNode> args) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "parameters" -> scope.parameters().apply(arg(args, 0, name).asText());
                case "variables" -> scope.variables().apply(arg(args, 0, name).asText());
                case "concat" -> concat(args);
                case "format" -> format(args);
                case "uniquestring" -> TextNode.valueOf(uniqueString(args.stream().map(JsonNode::asText).toList()));
                case "resourcegroup" -> resourceGroup();
                case "subscription" -> subscription();
                case "resourceid" -> TextNode.valueOf(resourceId(args));
                case "subscriptionresourceid" -> TextNode.valueOf(subscriptionResourceId(args));
                case "tolower" -> TextNode.valueOf(arg(args, 0, name).asText().toLowerCase(Locale.ROOT));
                case "toupper" -> TextNode.valueOf(arg(args, 0, name).asText().toUpperCase(Locale.ROOT));
                case "string" -> TextNode.valueOf(arg(args, 0, name).isTextual() ? arg(args, 0, name).asText() : arg(args, 0, name).toString());
                case "int" -> NODES.numberNode(Long.parseLong(arg(args, 0, name).asText()));
                case "bool" -> NODES.booleanNode(arg(args, 0, name).asText().equalsIgnoreCase("true") || arg(args, 0, name).asInt(0) == 1);
                case "equals" -> NODES.booleanNode(arg(args, 0, name).equals(arg(args, 1, name)));
                case "if" -> arg(args, 0, name).asBoolean() ? arg(args, 1, name) : arg(args, 2, name);
                case "not" -> NODES.booleanNode(!arg(args, 0, name).asBoolean());
                case "and" -> NODES.booleanNode(args.stream().allMatch(JsonNode::asBoolean));
                case "or" -> NODES.booleanNode(args.stream().anyMatch(JsonNode::asBoolean));
                case "empty" -> NODES.booleanNode(arg(args, 0, name).isNull() || arg(args, 0, name).size() == 0
                        && (arg(args, 0, name).isContainerNode() || arg(args, 0, name).asText().isEmpty()));
                case "length" -> NODES.numberNode(arg(args, 0, name).isTextual() ? arg(args, 0, name).asText().length() : arg(args, 0, name).size());
                case "true" -> NODES.booleanNode(true);
                case "false" -> NODES.booleanNode(false);
                default -> throw new ExpressionException("The template function '" + name + "' is not valid. Please see "
                        + "https://aka.ms/arm-functions for usage details.");
            };
        }

        private static JsonNode arg(List<JsonNode> args, int index, String function) {
            if (args.size() <= index) {
                throw new ExpressionException("The template function '" + function + "' expects at least " + (index + 1) + " argument(s)");
            }
            return args.get(index);
        }

        private static JsonNode concat(List<JsonNode> args) {
            if (!args.isEmpty() && args.get(0).isArray()) {
                ArrayNode result = NODES.arrayNode();
                args.forEach(arg -> result.addAll((ArrayNode) arg));
                return result;
            }
            StringBuilder out = new StringBuilder();
            args.forEach(arg -> out.append(arg.asText()));
            return TextNode.valueOf(out.toString());
        }

        private static JsonNode format(List<JsonNode> args) {
            String pattern = arg(args, 0, "format").asText();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '{' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '{') {
                    out.append('{');
                    i++;
                } else if (c == '}' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '}') {
                    out.append('}');
                    i++;
                } else if (c == '{') {
                    int close = pattern.indexOf('}', i);
                    int index = Integer.parseInt(pattern.substring(i + 1, close).split(":")[0].trim());
                    out.append(arg(args, index + 1, "format").asText());
                    i = close;
                } else {
                    out.append(c);
                }
            }
            return TextNode.valueOf(out.toString());
        }

        private JsonNode resourceGroup() {
            ObjectNode group = NODES.objectNode();
            group.put("id", "/subscriptions/" + scope.subscriptionId() + "/resourceGroups/" + scope.resourceGroup());
            group.put("name", scope.resourceGroup());
            group.put("type", "Microsoft.Resources/resourceGroups");
            group.put("location", scope.resourceGroupLocation());
            group.putObject("properties").put("provisioningState", "Succeeded");
            return group;
        }

        private JsonNode subscription() {
            ObjectNode subscription = NODES.objectNode();
            subscription.put("id", "/subscriptions/" + scope.subscriptionId());
            subscription.put("subscriptionId", scope.subscriptionId());
            subscription.put("tenantId", scope.tenantId());
            subscription.put("displayName", "Emulated subscription");
            return subscription;
        }

        /** resourceId([subscriptionId], [resourceGroupName], type, name1[, name2…]). */
        private String resourceId(List<JsonNode> args) {
            List<String> values = args.stream().map(JsonNode::asText).toList();
            int typeIndex = 0;
            while (typeIndex < values.size() && !values.get(typeIndex).contains("/")) {
                typeIndex++;
            }
            if (typeIndex >= values.size()) {
                throw new ExpressionException("The template function 'resourceId' needs a resource type");
            }
            String subscription = typeIndex >= 2 ? values.get(0) : scope.subscriptionId();
            String group = typeIndex >= 2 ? values.get(1) : typeIndex == 1 ? values.get(0) : scope.resourceGroup();
            return "/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/"
                    + typed(values.get(typeIndex), values.subList(typeIndex + 1, values.size()));
        }

        private String subscriptionResourceId(List<JsonNode> args) {
            List<String> values = args.stream().map(JsonNode::asText).toList();
            int typeIndex = values.get(0).contains("/") ? 0 : 1;
            String subscription = typeIndex == 1 ? values.get(0) : scope.subscriptionId();
            String type = values.get(typeIndex);
            List<String> names = values.subList(typeIndex + 1, values.size());
            if (type.equalsIgnoreCase("Microsoft.Resources/resourceGroups")) {
                return "/subscriptions/" + subscription + "/resourceGroups/" + names.get(0);
            }
            return "/subscriptions/" + subscription + "/providers/" + typed(type, names);
        }

        private static String typed(String type, List<String> names) {
            String[] segments = type.split("/");
            StringBuilder out = new StringBuilder(segments[0]);
            for (int i = 1; i < segments.length; i++) {
                out.append('/').append(segments[i]);
                if (i - 1 < names.size()) {
                    out.append('/').append(names.get(i - 1));
                }
            }
            return out.toString();
        }

        private String string() {
            expect('\'');
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (pos < text.length() && text.charAt(pos) == '\'') {
                        out.append('\'');
                        pos++;
                    } else {
                        return out.toString();
                    }
                } else {
                    out.append(c);
                }
            }
            throw new ExpressionException("The template language expression '" + text + "' has an unterminated string");
        }

        private JsonNode number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return NODES.numberNode(Long.parseLong(text.substring(start, pos)));
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw new ExpressionException("The template language expression '" + text + "' is not valid at position " + pos);
            }
            return text.substring(start, pos);
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private boolean tryConsume(char c) {
            skip();
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skip();
            if (peek() != c) {
                throw new ExpressionException("The template language expression '" + text + "' is not valid: expected '"
                        + c + "' at position " + pos);
            }
            pos++;
        }
    }

    /** ARM's {@code uniqueString}: Azure's own 64-bit Murmur-based hash, so names equal those Azure makes. */
    static String uniqueString(List<String> values) {
        return UniqueString.of(values);
    }
}
