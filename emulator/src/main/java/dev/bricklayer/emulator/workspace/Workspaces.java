package dev.bricklayer.emulator.workspace;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.server.EmulatorServers;

/**
 * Every workspace the emulator runs, by ARM resource id (case-insensitive, as ARM). Creating one starts its
 * HTTPS endpoint; deleting one stops it.
 */
@Component
public class Workspaces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, EmulatedWorkspace> byResourceId = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final EmulatorServers servers;
    private final ObjectProvider<NewWorkspaceListener> listeners;

    public Workspaces(ObjectMapper mapper, @Lazy EmulatorServers servers, ObjectProvider<NewWorkspaceListener> listeners) {
        this.mapper = mapper;
        this.servers = servers;
        this.listeners = listeners;
    }

    /**
     * Creates the workspace and starts its endpoint, then tells the {@link NewWorkspaceListener}s; returns the existing
     * one for a known resource id.
     */
    public EmulatedWorkspace create(String resourceId, String name, String location, String sku) {
        boolean[] made = {false};
        EmulatedWorkspace workspace = byResourceId.computeIfAbsent(key(resourceId), k -> {
            made[0] = true;
            String workspaceId = String.valueOf(1_000_000_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 8_999_999_999_999_999L);
            EmulatedWorkspace created = new EmulatedWorkspace(name, workspaceId, resourceId, location, sku, mapper);
            // a new workspace lets every user create tokens: the users group holds CAN_USE on tokens ([K] reference §3.6)
            created.store(AclStore.class, AclStore::new).replace("/authorization/tokens",
                    Map.of(AclStore.groupKey("users"), "CAN_USE"));
            created.host(servers.startWorkspace(created.name(), created.workspaceId(), created.resourceId(), created));
            return created;
        });
        if (made[0]) {
            listeners.orderedStream().forEach(listener -> listener.created(workspace));
        }
        return workspace;
    }

    public Optional<EmulatedWorkspace> byResourceId(String resourceId) {
        return Optional.ofNullable(byResourceId.get(key(resourceId)));
    }

    public Optional<EmulatedWorkspace> byName(String name) {
        return byResourceId.values().stream().filter(w -> w.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<EmulatedWorkspace> byWorkspaceId(String workspaceId) {
        return byResourceId.values().stream().filter(w -> w.workspaceId().equals(workspaceId)).findFirst();
    }

    public Collection<EmulatedWorkspace> all() {
        return byResourceId.values();
    }

    /** Deletes the workspace and stops its endpoint. */
    public boolean delete(String resourceId) {
        EmulatedWorkspace removed = byResourceId.remove(key(resourceId));
        if (removed != null) {
            servers.stopWorkspace(removed.resourceId());
        }
        return removed != null;
    }

    /** Deletes every workspace (admin reset). */
    public void clear() {
        byResourceId.values().forEach(workspace -> servers.stopWorkspace(workspace.resourceId()));
        byResourceId.clear();
    }

    private static String key(String resourceId) {
        return resourceId.toLowerCase(Locale.ROOT);
    }
}
