package dev.bricklayer.workspace.blueprint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.common.files.YamlFolder;

/**
 * The blueprints of a folder ({@code *.yaml}, {@code *.yml}, read by {@link YamlFolder}), each file one version of
 * one blueprint, checked when loaded: a bad blueprint is refused with its file, the path in it and the rule it breaks
 * ({@link FileProblem}, all of them in one {@link InvalidFilesException}). Cluster policy
 * definitions may be written as YAML objects; they are kept as the JSON strings the Databricks API takes.
 */
public final class BlueprintCatalog {

    private final Map<String, TreeMap<Integer, Blueprint>> blueprints;
    private final ObjectMapper json;

    private BlueprintCatalog(Map<String, TreeMap<Integer, Blueprint>> blueprints, ObjectMapper json) {
        this.blueprints = blueprints;
        this.json = json;
    }

    /**
     * Loads and checks every blueprint of {@code folder} ({@code bricklayer.workspace.blueprints-dir}).
     *
     * @throws InvalidFilesException naming every problem of every file, when there is one
     */
    public static BlueprintCatalog load(Path folder, ObjectMapper mapper) {
        ObjectMapper json = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        YamlFolder.Contents contents = YamlFolder.read(folder, "blueprints", "bricklayer.workspace.blueprints-dir");
        List<FileProblem> problems = new ArrayList<>(contents.problems());
        Map<String, TreeMap<Integer, Blueprint>> byName = new TreeMap<>();
        for (YamlFolder.YamlFile file : contents.files()) {
            Blueprint blueprint = parse(file.name(), file.tree(), json, problems);
            if (blueprint == null) {
                continue;
            }
            TreeMap<Integer, Blueprint> versions = byName.computeIfAbsent(blueprint.name(), k -> new TreeMap<>());
            if (versions.containsKey(blueprint.version())) {
                problems.add(new FileProblem(file.name(), "/version", "unique", blueprint.reference() + " is defined twice"));
            }
            versions.put(blueprint.version(), blueprint);
        }
        InvalidFilesException.throwIfAny("blueprints", problems);
        return new BlueprintCatalog(byName, json);
    }

    private static Blueprint parse(String file, JsonNode tree, ObjectMapper json, List<FileProblem> problems) {
        if (tree == null || !tree.isObject()) {
            problems.add(new FileProblem(file, "", "object", "a blueprint is a YAML mapping"));
            return null;
        }
        definitionsToStrings(tree.path("desiredState"), json);
        if (tree.path("desiredState") instanceof ObjectNode state && !state.has("driftMode")) {
            state.put("driftMode", "enforce"); // the default mode: drift is corrected
        }
        Blueprint blueprint;
        try {
            blueprint = json.treeToValue(tree, Blueprint.class);
        } catch (JsonProcessingException e) {
            problems.add(FileProblem.fromJackson(file, e));
            return null;
        }
        int before = problems.size();
        if (blueprint.name() == null || !blueprint.name().matches("[a-z][a-z0-9-]{0,62}")) {
            problems.add(new FileProblem(file, "/name", "pattern", "name must be lower-case letters, digits and hyphens"));
        }
        if (blueprint.version() < 1) {
            problems.add(new FileProblem(file, "/version", "minimum", "version must be 1 or more"));
        }
        if (blueprint.desiredState() == null) {
            problems.add(new FileProblem(file, "/desiredState", "required", "a blueprint needs a desiredState"));
        } else {
            problems.addAll(DesiredStateRules.check(file, "/desiredState", blueprint.desiredState(), json));
        }
        return problems.size() == before ? blueprint : null;
    }

    /** Policy definitions may be YAML objects; the API takes a JSON string. */
    static void definitionsToStrings(JsonNode desiredState, ObjectMapper json) {
        JsonNode policies = desiredState.path("clusterPolicies");
        if (policies.isArray()) {
            for (JsonNode policy : policies) {
                JsonNode definition = policy.get("definition");
                if (definition != null && definition.isObject() && policy instanceof ObjectNode object) {
                    try {
                        object.put("definition", json.writeValueAsString(definition));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** A blueprint by name and version; the highest version when {@code version} is null or blank. */
    public Optional<Blueprint> find(String name, String version) {
        TreeMap<Integer, Blueprint> versions = blueprints.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        if (version == null || version.isBlank()) {
            return Optional.of(versions.lastEntry().getValue());
        }
        try {
            return Optional.ofNullable(versions.get(Integer.parseInt(version.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public List<Blueprint> all() {
        return blueprints.values().stream().flatMap(v -> v.values().stream()).toList();
    }

    /**
     * The blueprint's desired state with a request's {@code overrides} merged over it:
     * <ul>
     *   <li>lists of named things merge by their key — IP access lists by {@code label}, cluster policies, clusters and
     *       groups by {@code name}, service principals by {@code applicationId}: an override entry replaces the
     *       blueprint's entry with the same key, a new key is added, and an entry with {@code "remove": true}
     *       removes it;</li>
     *   <li>{@code grants} are added to the blueprint's;</li>
     *   <li>{@code tokenPolicy} fields, {@code driftMode} and {@code ipAccessListsAuthoritative} replace the
     *       blueprint's one by one.</li>
     * </ul>
     * The result is checked by the same rules as a blueprint.
     *
     * @throws InvalidFilesException whose problems name {@code overrides} as their file and the path in it
     */
    public DesiredState resolve(Blueprint blueprint, Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return blueprint.desiredState();
        }
        ObjectNode merged = json.valueToTree(blueprint.desiredState());
        ObjectNode changes = json.valueToTree(overrides);
        definitionsToStrings(changes, json);
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
                if (!value.isArray()) {
                    problems.add(new FileProblem("overrides", "/" + field, "type", field + " must be a list"));
                    return;
                }
                merged.set(field, mergeByKey((ArrayNode) merged.withArray(field), (ArrayNode) value, key));
            } else if (field.equals("grants") && value.isArray()) {
                merged.withArray("grants").addAll((ArrayNode) value);
            } else if (field.equals("tokenPolicy") && value.isObject()) {
                ObjectNode policy = merged.has("tokenPolicy") && merged.get("tokenPolicy").isObject()
                        ? (ObjectNode) merged.get("tokenPolicy") : merged.putObject("tokenPolicy");
                policy.setAll((ObjectNode) value);
            } else if (field.equals("driftMode") || field.equals("ipAccessListsAuthoritative")) {
                merged.set(field, value);
            } else {
                problems.add(new FileProblem("overrides", "/" + field, "unknown-property",
                        "'" + field + "' cannot be overridden"));
            }
        });
        InvalidFilesException.throwIfAny("overrides", problems);
        DesiredState state;
        try {
            state = json.treeToValue(merged, DesiredState.class);
        } catch (JsonProcessingException e) {
            throw new InvalidFilesException("overrides", List.of(FileProblem.fromJackson("overrides", e)));
        }
        InvalidFilesException.throwIfAny("overrides", DesiredStateRules.check("overrides", "", state, json));
        return state;
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
