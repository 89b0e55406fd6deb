package dev.bricklayer.emulator.arm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.arm.ArmState.ResourceGroup;
import dev.bricklayer.emulator.server.EmulatorException;

/**
 * Turns a template and a deployment's parameters into the resources to create, as ARM's template validation does:
 * every given parameter must be declared, every declared one given or defaulted, and within its
 * {@code allowedValues}; variables are evaluated when first used; each resource's expressions are evaluated with
 * {@link TemplateExpressions} and its id is made in the resource group. Anything wrong is 400
 * {@code InvalidTemplate}. Pure: nothing is created here.
 */
final class DeploymentPlanner {

    private DeploymentPlanner() {
    }

    /**
     * @param group    the resource group deployed to
     * @param tenantId the caller's tenant ({@code subscription().tenantId})
     * @param template the template ({@code parameters}, {@code variables}, {@code resources})
     * @param given    the deployment's parameters, {@code {"name": {"value": …}}}
     */
    static List<PlannedResource> plan(ResourceGroup group, String tenantId, JsonNode template, JsonNode given) {
        JsonNode definitions = template.path("parameters");
        given.fieldNames().forEachRemaining(parameter -> {
            if (!definitions.has(parameter)) {
                throw invalid("The template parameters '" + parameter + "' in the parameters file are not valid; they are "
                        + "not present in the original template and can therefore not be provided at deployment time. The only "
                        + "supported parameters for this template are '" + String.join(", ", list(definitions.fieldNames())) + "'.");
            }
        });
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        TemplateExpressions.Scope[] scope = new TemplateExpressions.Scope[1];
        scope[0] = new TemplateExpressions.Scope(group.subscriptionId(), tenantId, group.name(), group.location(),
                name -> Optional.ofNullable(parameters.get(name)).orElseThrow(() -> invalid(
                        "The template parameter '" + name + "' is not found.")),
                name -> variables.computeIfAbsent(name, n -> {
                    JsonNode raw = template.path("variables").get(n);
                    if (raw == null) {
                        throw invalid("The template variable '" + n + "' is not found.");
                    }
                    return TemplateExpressions.evaluateTree(raw, scope[0]);
                }));
        try {
            definitions.fields().forEachRemaining(entry ->
                    parameters.put(entry.getKey(), value(entry.getKey(), entry.getValue(), given, scope[0])));
            List<PlannedResource> plan = new ArrayList<>();
            for (JsonNode resource : template.path("resources")) {
                ObjectNode evaluated = (ObjectNode) TemplateExpressions.evaluateTree(resource, scope[0]);
                String type = resource.path("type").asText();
                String name = evaluated.path("name").asText();
                plan.add(new PlannedResource(type, resource.path("apiVersion").asText(), name, evaluated,
                        group.id() + "/providers/" + type + "/" + name));
            }
            return plan;
        } catch (TemplateExpressions.ExpressionException e) {
            throw invalid(e.getMessage());
        }
    }

    /** A parameter's value: given, else its default; within its {@code allowedValues}. */
    private static JsonNode value(String parameter, JsonNode definition, JsonNode given, TemplateExpressions.Scope scope) {
        JsonNode value = given.path(parameter).get("value");
        if (value == null) {
            if (!definition.has("defaultValue")) {
                throw invalid("The value for the template parameter '" + parameter + "' at line '1' and column '1' is not "
                        + "provided. Please see https://aka.ms/arm-create-parameter-file for usage details.");
            }
            value = TemplateExpressions.evaluateTree(definition.get("defaultValue"), scope);
        }
        JsonNode allowed = definition.get("allowedValues");
        if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
            throw invalid("The provided value '" + value.asText() + "' for the template parameter '" + parameter
                    + "' is not valid. The parameter value is not part of the allowed value(s): '"
                    + String.join(",", list(allowed.elements()).stream().map(JsonNode::asText).toList()) + "'.");
        }
        return value;
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value) || candidate.asText().equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> list(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private static EmulatorException invalid(String message) {
        return ArmErrors.invalidTemplate(message);
    }
}
