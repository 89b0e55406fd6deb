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
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.common.files.YamlFolder;
import dev.bricklayer.workspace.arm.ArmOptions;

/**
 * The blueprints of a folder ({@code *.yaml}, {@code *.yml}, read by {@link YamlFolder}), each file one version of
 * one blueprint, checked when loaded: a bad blueprint is refused with its file, the path in it and the rule it breaks
 * ({@link FileProblem}, all of them in one {@link InvalidFilesException}). Cluster policy
 * definitions may be written as YAML objects; they are kept as the JSON strings the Databricks API takes. A blueprint
 * that does not say its drift mode gets {@code enforce}, one that does not say its identity scope {@code account}.
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
        if (tree.path("desiredState") instanceof ObjectNode state) {
            if (!state.has("driftMode")) {
                state.put("driftMode", "enforce"); // the default mode: drift is corrected
            }
            if (!state.has("identityScope")) {
                state.put("identityScope", "account"); // the default for new workspaces (ARCHITECTURE §2.2a)
            }
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
        problems.addAll(ArmOptionRules.check(file, "/arm", blueprint.arm()));
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

    /** A blueprint with a request's overrides: the desired state and the ARM options to deploy with. */
    public record Resolution(DesiredState desiredState, ArmOptions arm) {
    }

    /**
     * The blueprint's desired state with a request's {@code overrides} merged over it (see {@link #resolveAll}).
     *
     * @throws InvalidFilesException whose problems name {@code overrides} as their file and the path in it
     */
    public DesiredState resolve(Blueprint blueprint, Map<String, Object> overrides) {
        return resolveAll(blueprint, overrides).desiredState();
    }

    /**
     * The blueprint's desired state and ARM options with a request's {@code overrides} merged over them ({@link Overrides}:
     * named lists by key, {@code grants} added, single values replaced), checked by the same rules as a blueprint.
     *
     * @throws InvalidFilesException whose problems name {@code overrides} as their file and the path in it
     */
    public Resolution resolveAll(Blueprint blueprint, Map<String, Object> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return new Resolution(blueprint.desiredState(), blueprint.arm());
        }
        return new Overrides(json).apply(blueprint, overrides);
    }
}
