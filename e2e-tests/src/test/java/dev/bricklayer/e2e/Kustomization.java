package dev.bricklayer.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * Renders a Kustomize directory as {@code kubectl kustomize} does, for the part of Kustomize the manifests under
 * {@code deploy/kubernetes} use — and refuses anything else, so a manifest using more fails here instead of being
 * rendered wrong: {@code resources} (files and directories), {@code namespace}, {@code images} (newName, newTag) and
 * {@code patches} given by {@code path}, with or without a {@code target} (kind, name, labelSelector {@code k=v}), as
 * strategic merge patches: maps merge, {@code null} deletes, the lists Kubernetes merges by key ({@code containers},
 * {@code initContainers}, {@code volumes}, {@code env} by name, {@code volumeMounts} by mountPath) merge by it, every
 * other list is replaced. No Kustomize binary is installable on CI from the registries it reaches; where
 * {@code kubectl} is on the PATH, {@link KubernetesManifestsTest} renders with it too and compares.
 */
final class Kustomization {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches", "images");
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name", "volumes", "name",
            "env", "name", "volumeMounts", "mountPath");
    private static final Set<String> BUILT_IN = Set.of("Deployment", "ServiceAccount", "ConfigMap", "Service", "Job", "Secret");

    private Kustomization() {
    }

    /** The resources {@code directory}'s kustomization.yaml makes. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path directory) {
        Map<String, Object> kustomization = load(directory.resolve("kustomization.yaml")).get(0);
        for (String field : kustomization.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + ": kustomization field '" + field + "' is not rendered here (Kustomization.java)");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String entry : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = directory.resolve(entry).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path) : load(path));
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of())) {
            applyPatch(directory, resources, patch);
        }
        for (Map<String, Object> image : (List<Map<String, Object>>) kustomization.getOrDefault("images", List.of())) {
            resources.forEach(resource -> setImage(resource, image));
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            resources.stream().filter(r -> !"Namespace".equals(r.get("kind"))).forEach(r -> metadata(r).put("namespace", namespace));
        }
        return resources;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml().loadAll(in)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static void applyPatch(Path directory, List<Map<String, Object>> resources, Map<String, Object> entry) {
        if (!entry.keySet().stream().allMatch(Set.of("path", "target")::contains)) {
            throw new IllegalArgumentException(directory + ": a patch is given by path (and target) only here: " + entry);
        }
        List<Map<String, Object>> patches = load(directory.resolve((String) entry.get("path")));
        if (patches.size() != 1) {
            throw new IllegalArgumentException(entry.get("path") + ": one patch per file");
        }
        Map<String, Object> patch = patches.get(0);
        Map<String, Object> target = (Map<String, Object>) entry.get("target");
        if (target != null && !target.keySet().stream().allMatch(Set.of("kind", "name", "labelSelector")::contains)) {
            throw new IllegalArgumentException(entry.get("path") + ": target by kind, name and labelSelector only: " + target);
        }
        int matched = 0;
        for (int i = 0; i < resources.size(); i++) {
            Map<String, Object> resource = resources.get(i);
            boolean matches = target == null
                    ? Objects.equals(resource.get("kind"), patch.get("kind")) && Objects.equals(metadata(resource).get("name"), metadata(patch).get("name"))
                    : matches(resource, target);
            if (matches) {
                if (!BUILT_IN.contains(resource.get("kind"))) {
                    throw new IllegalArgumentException(entry.get("path") + ": strategic merge of " + resource.get("kind") + " is not rendered here");
                }
                Map<String, Object> body = deepCopy(patch);
                metadata(body).remove("name"); // with a target, the patch's name is not the resource's
                resources.set(i, (Map<String, Object>) merge(resource, body, null));
                matched++;
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(directory + ": patch " + entry.get("path") + " matches no resource");
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> resource, Map<String, Object> target) {
        if (target.containsKey("kind") && !target.get("kind").equals(resource.get("kind"))) {
            return false;
        }
        if (target.containsKey("name") && !target.get("name").equals(metadata(resource).get("name"))) {
            return false;
        }
        if (target.containsKey("labelSelector")) {
            Map<String, Object> labels = (Map<String, Object>) metadata(resource).getOrDefault("labels", Map.of());
            for (String requirement : ((String) target.get("labelSelector")).split(",")) {
                String[] pair = requirement.trim().split("=", 2);
                if (pair.length != 2 || !pair[1].equals(labels.get(pair[0]))) {
                    return false;
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object base, Object patch, String field) {
        if (base instanceof Map<?, ?> baseMap && patch instanceof Map<?, ?> patchMap) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) baseMap);
            for (Map.Entry<String, Object> e : ((Map<String, Object>) patchMap).entrySet()) {
                if (e.getKey().startsWith("$")) {
                    throw new IllegalArgumentException("patch directive " + e.getKey() + " is not rendered here");
                }
                if (e.getValue() == null) {
                    merged.remove(e.getKey());
                } else {
                    merged.put(e.getKey(), merged.containsKey(e.getKey()) ? merge(merged.get(e.getKey()), e.getValue(), e.getKey()) : e.getValue());
                }
            }
            return merged;
        }
        if (base instanceof List<?> baseList && patch instanceof List<?> patchList && MERGE_KEYS.containsKey(field)) {
            String key = MERGE_KEYS.get(field);
            List<Object> merged = new ArrayList<>(baseList);
            for (Object item : patchList) {
                Object id = ((Map<String, Object>) item).get(key);
                int at = -1;
                for (int i = 0; i < merged.size(); i++) {
                    if (Objects.equals(((Map<String, Object>) merged.get(i)).get(key), id)) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    merged.set(at, merge(merged.get(at), item, null));
                } else {
                    merged.add(item);
                }
            }
            return merged;
        }
        return patch;
    }

    @SuppressWarnings("unchecked")
    private static void setImage(Object node, Map<String, Object> image) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            if (m.get("image") instanceof String current) {
                String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                String tag = current.contains(":") ? current.substring(current.lastIndexOf(':') + 1) : null;
                if (name.equals(image.get("name"))) {
                    String newName = (String) image.getOrDefault("newName", name);
                    Object newTag = image.containsKey("newTag") ? image.get("newTag") : tag;
                    m.put("image", newTag == null ? newName : newName + ":" + newTag);
                }
            }
            m.values().forEach(value -> setImage(value, image));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> setImage(value, image));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            return (T) new ArrayList<>(list.stream().map(Kustomization::deepCopy).toList());
        }
        return node;
    }
}
