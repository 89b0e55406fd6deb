package dev.bricklayer.workspace;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A table of workspace requests that are well-formed JSON but break their JSON Schema or the request rules, each with
 * the refusal it must get — the same on the requests topic and over REST: the reason ({@code schema} or
 * {@code rules}), and the field (JSON pointer) and rule named among its errors.
 */
public final class BadRequests {

    /**
     * One bad request.
     *
     * @param what   what is wrong, for the test's name
     * @param change turns a valid request body into this bad one
     * @param reason the refusal's reason: {@code schema} or {@code rules}
     * @param field  the JSON pointer named
     * @param rule   the rule named
     */
    public record Case(String what, Consumer<ObjectNode> change, String reason, String field, String rule) {

        /** A valid request for {@code workspace}, changed into this bad one. */
        public ObjectNode body(ObjectMapper mapper, String workspace) {
            ObjectNode body = mapper.valueToTree(Requests.valid(workspace));
            change.accept(body);
            return body;
        }

        /** {@code field [rule]}, as the reason line names it. */
        public String named() {
            return field + " [" + rule + "]";
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private BadRequests() {
    }

    private static Case schema(String what, Consumer<ObjectNode> change, String field, String rule) {
        return new Case(what, change, "schema", field, rule);
    }

    private static Case rules(String what, Consumer<ObjectNode> change, String field, String rule) {
        return new Case(what, change, "rules", field, rule);
    }

    private static ObjectNode network(ObjectNode body) {
        return (ObjectNode) body.get("network");
    }

    /** Requests breaking their JSON Schema, one field at a time. */
    public static List<Case> schemaBreaks() {
        return List.of(
                schema("requestId missing", b -> b.remove("requestId"), "/requestId", "required"),
                schema("requestId empty", b -> b.put("requestId", ""), "/requestId", "minLength"),
                schema("requestId of 200 characters", b -> b.put("requestId", "r".repeat(200)), "/requestId", "maxLength"),
                schema("workspaceName too short", b -> b.put("workspaceName", "ab"), "/workspaceName", "pattern"),
                schema("workspaceName with a space", b -> b.put("workspaceName", "my ws"), "/workspaceName", "pattern"),
                schema("workspaceName of 65 characters", b -> b.put("workspaceName", "n".repeat(65)), "/workspaceName", "pattern"),
                schema("workspaceName a number", b -> b.put("workspaceName", 4242), "/workspaceName", "type"),
                schema("workspaceName missing", b -> b.remove("workspaceName"), "/workspaceName", "required"),
                schema("subscriptionId not a GUID", b -> b.put("subscriptionId", "nope"), "/subscriptionId", "format"),
                schema("resourceGroup with a space", b -> b.put("resourceGroup", "rg with space"), "/resourceGroup", "pattern"),
                schema("resourceGroup missing", b -> b.remove("resourceGroup"), "/resourceGroup", "required"),
                schema("region written as a display name", b -> b.put("region", "West Europe"), "/region", "pattern"),
                schema("region missing", b -> b.remove("region"), "/region", "required"),
                schema("pricingTier gold", b -> b.put("pricingTier", "gold"), "/pricingTier", "enum"),
                schema("pricingTier upper case", b -> b.put("pricingTier", "PREMIUM"), "/pricingTier", "enum"),
                schema("vnetCidr /33", b -> network(b).put("vnetCidr", "10.139.0.0/33"), "/network/vnetCidr", "pattern"),
                schema("public subnet without cidr", b -> ((ObjectNode) network(b).get("publicSubnet")).remove("cidr"),
                        "/network/publicSubnet/cidr", "required"),
                schema("network with an unknown property", b -> network(b).put("dnsServer", "10.0.0.4"), "/network/dnsServer",
                        "additionalProperties"),
                schema("noPublicIp as text", b -> network(b).put("noPublicIp", "yes"), "/network/noPublicIp", "type"),
                schema("a tag value that is a number", b -> ((ObjectNode) b.get("tags")).put("env", 1), "/tags/env", "type"),
                schema("a tag value of 300 characters", b -> ((ObjectNode) b.get("tags")).put("env", "v".repeat(300)), "/tags/env",
                        "maxLength"),
                schema("blueprint missing", b -> b.remove("blueprint"), "/blueprint", "required"),
                schema("blueprint name in capitals", b -> ((ObjectNode) b.get("blueprint")).put("name", "Standard"), "/blueprint/name",
                        "pattern"),
                schema("blueprint version v1", b -> ((ObjectNode) b.get("blueprint")).put("version", "v1"), "/blueprint/version", "pattern"),
                schema("blueprint with an unknown property", b -> ((ObjectNode) b.get("blueprint")).put("channel", "beta"),
                        "/blueprint/channel", "additionalProperties"),
                schema("overrides a list", b -> b.putArray("overrides").add("tokenPolicy"), "/overrides", "type"),
                schema("requestedBy empty", b -> b.put("requestedBy", ""), "/requestedBy", "minLength"),
                schema("occurredAt yesterday", b -> b.put("occurredAt", "yesterday"), "/occurredAt", "format"),
                schema("occurredAt missing", b -> b.remove("occurredAt"), "/occurredAt", "required"),
                schema("a misspelt optional property", b -> b.put("costCentre", "cc-1"), "/costCentre", "additionalProperties"));
    }

    /** Requests that keep their schema and break a request rule. */
    public static List<Case> ruleBreaks() {
        return List.of(
                rules("a region that is not an Azure region", b -> b.put("region", "atlantis"), "/region", "region"),
                rules("a misspelt region", b -> b.put("region", "westeuropa"), "/region", "region"),
                rules("a region without Azure Databricks", b -> b.put("region", "polandcentral"), "/region", "region"),
                rules("an unknown blueprint", b -> ((ObjectNode) b.get("blueprint")).put("name", "gold"), "/blueprint", "known"),
                rules("an unknown blueprint version", b -> ((ObjectNode) b.get("blueprint")).put("version", "9"), "/blueprint", "known"),
                rules("IP access lists on the standard tier", b -> b.put("pricingTier", "standard"), "/pricingTier",
                        "premium-for-ip-access-lists"),
                rules("a subnet outside the VNet", b -> ((ObjectNode) network(b).get("publicSubnet")).put("cidr", "10.140.0.0/18"),
                        "/network/publicSubnet/cidr", "inside-vnet"),
                rules("overlapping subnets", b -> ((ObjectNode) network(b).get("privateSubnet")).put("cidr", "10.139.32.0/19"),
                        "/network/privateSubnet/cidr", "no-overlap"),
                rules("a /8 VNet", b -> network(b).put("vnetCidr", "10.0.0.0/8"), "/network/vnetCidr", "prefix-16-24"),
                rules("an override with a bad address", b -> b.putObject("overrides").putArray("ipAccessLists").addObject()
                        .put("label", "x").put("listType", "ALLOW").putArray("addresses").add("::1"),
                        "/overrides/ipAccessLists/2/addresses/0", "ipv4-or-cidr"),
                rules("an override of something that cannot be overridden", b -> b.putObject("overrides").put("colour", "blue"),
                        "/overrides/colour", "unknown-property"),
                rules("a tag name with a slash", b -> ((ObjectNode) b.get("tags")).put("team/name", "x"), "/tags/team~1name", "tag-name"));
    }
}
