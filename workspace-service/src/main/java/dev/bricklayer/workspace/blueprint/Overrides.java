package dev.bricklayer.workspace.blueprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.workspace.arm.ArmOptions;

/**
 * A request's overrides merged over its blueprint, then checked by the blueprint rules (problems name {@code overrides}
 * as their file and the path in it):
 * <ul>
 *   <li>lists of named things merge by their key — IP access lists by {@code label}, cluster policies, clusters, groups
 *       and Unity Catalog catalogs ({@code unityCatalog.catalogs}) by {@code name}, service principals by
 *       {@code applicationId}: an entry replaces the blueprint's entry with the same key, a new key is added, and an
 *       entry with {@code "remove": true} removes it;</li>
 *   <li>{@code grants} are added to the blueprint's;</li>
 *   <li>{@code tokenPolicy} fields, {@code unityCatalog.defaultCatalog}, the {@code arm} options, {@code driftMode},
 *       {@code ipAccessListsAuthoritative} and {@code identityScope} replace the blueprint's one by one.</li>
 * </ul>
 */
final class Overrides {

    private final ObjectMapper json;

    Overrides(ObjectMapper json) {
        this.json = json;
    }

    /** @throws InvalidFilesException naming every problem of the overrides or of the result */
    BlueprintCatalog.Resolution apply(Blueprint blueprint, Map<String, Object> overrides) {
        ObjectNode merged = json.valueToTree(blueprint.desiredState());
        ObjectNode arm = json.valueToTree(blueprint.arm());
        ObjectNode changes = json.valueToTree(overrides);
        BlueprintCatalog.definitionsToStrings(changes, json);
        List<FileProblem> problems = new ArrayList<>();
        changes.fields().forEachRemaining(change -> {
            String field = change.getKey();
            JsonNode value = change.getValue();
            String key = switch (field) {
                case "ipAccessLists" -> "label";
                case "clusterPolicies", "clusters", "groups" -> "name";
                case "servicePrincipals" -> "applicationId";
                default -> null;
            };
            if (key != null) {
                mergeList(merged, field, value, key, "/" + field, problems);
            } else if (field.equals("grants") && value.isArray()) {
                merged.withArray("grants").addAll((ArrayNode) value);
            } else if (field.equals("tokenPolicy") && value.isObject()) {
                object(merged, "tokenPolicy").setAll((ObjectNode) value);
            } else if (field.equals("unityCatalog") && value.isObject()) {
                ObjectNode catalog = object(merged, "unityCatalog");
                value.fields().forEachRemaining(part -> {
                    if (part.getKey().equals("catalogs")) {
                        mergeList(catalog, "catalogs", part.getValue(), "name", "/unityCatalog/catalogs", problems);
                    } else {
                        catalog.set(part.getKey(), part.getValue());
                    }
                });
            } else if (field.equals("arm") && value.isObject()) {
                arm.setAll((ObjectNode) value);
            } else if (field.equals("driftMode") || field.equals("ipAccessListsAuthoritative") || field.equals("identityScope")) {
                merged.set(field, value);
            } else {
                problems.add(new FileProblem("overrides", "/" + field, "unknown-property", "'" + field + "' cannot be overridden"));
            }
        });
        InvalidFilesException.throwIfAny("overrides", problems);
        DesiredState state = read(merged, DesiredState.class, "");
        ArmOptions options = read(arm, ArmOptions.class, "/arm");
        problems.addAll(DesiredStateRules.check("overrides", "", state, json));
        problems.addAll(ArmOptionRules.check("overrides", "/arm", options));
        InvalidFilesException.throwIfAny("overrides", problems);
        return new BlueprintCatalog.Resolution(state, options);
    }

    private <T> T read(ObjectNode tree, Class<T> type, String base) {
        try {
            return json.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            FileProblem problem = FileProblem.fromJackson("overrides", e);
            throw new InvalidFilesException("overrides", List.of(new FileProblem(problem.file(), base + problem.path(),
                    problem.rule(), problem.message())));
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.has(field) && parent.get(field).isObject() ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    private void mergeList(ObjectNode parent, String field, JsonNode value, String key, String at, List<FileProblem> problems) {
        if (!value.isArray()) {
            problems.add(new FileProblem("overrides", at, "type", field + " must be a list"));
            return;
        }
        ArrayNode base = parent.get(field) instanceof ArrayNode list ? list : json.createArrayNode();
        parent.set(field, mergeByKey(base, (ArrayNode) value, key));
    }

    private ArrayNode mergeByKey(ArrayNode base, ArrayNode changes, String key) {
        ArrayNode result = json.createArrayNode();
        base.forEach(result::add);
        for (JsonNode change : changes) {
            String id = change.path(key).asText();
            int index = -1;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).path(key).asText().equals(id)) {
                    index = i;
                }
            }
            if (change.path("remove").asBoolean(false)) {
                if (index >= 0) {
                    result.remove(index);
                }
                continue;
            }
            if (index >= 0) {
                result.set(index, change);
            } else {
                result.add(change);
            }
        }
        return result;
    }
}
