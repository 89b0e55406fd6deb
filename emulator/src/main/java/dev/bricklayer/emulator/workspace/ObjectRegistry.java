package dev.bricklayer.emulator.workspace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which securable objects exist in a workspace, by Permissions API request type ({@code clusters},
 * {@code cluster-policies}, {@code jobs}, …) and id, so the Permissions API can answer 404 for an unknown one.
 * The APIs that own the objects register and remove them.
 */
public final class ObjectRegistry {

    private final Map<String, Set<String>> objects = new HashMap<>();

    public synchronized void register(String type, String id) {
        objects.computeIfAbsent(type, k -> new HashSet<>()).add(id);
    }

    public synchronized boolean exists(String type, String id) {
        return objects.getOrDefault(type, Set.of()).contains(id);
    }

    public synchronized void remove(String type, String id) {
        Set<String> ids = objects.get(type);
        if (ids != null) {
            ids.remove(id);
        }
    }
}
