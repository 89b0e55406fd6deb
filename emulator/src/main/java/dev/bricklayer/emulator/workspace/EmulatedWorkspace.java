package dev.bricklayer.emulator.workspace;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.server.RequestContext;

/**
 * One emulated Azure Databricks workspace: its identity (ARM resource id, workspace id), its own HTTPS
 * endpoint, and its state. Core state (identities, tokens, {@code workspace-conf}) is here; each API area
 * keeps the rest in a store of its own, got with {@link #store(Class, Supplier)}.
 */
public final class EmulatedWorkspace {

    private final String name;
    private final String workspaceId;
    private final String resourceId;
    private final String location;
    private final String sku;
    private final Instant createdAt = Instant.now();
    private final IdentityStore identities;
    private final TokenStore tokens = new TokenStore();
    private final Map<String, String> conf = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> stores = new ConcurrentHashMap<>();
    private volatile String host;

    public EmulatedWorkspace(String name, String workspaceId, String resourceId, String location, String sku,
                             ObjectMapper mapper) {
        this.name = name;
        this.workspaceId = workspaceId;
        this.resourceId = resourceId;
        this.location = location;
        this.sku = sku;
        this.identities = new IdentityStore(mapper, Long.parseLong(workspaceId.substring(0, 6)) * 1_000_000L);
    }

    /** The workspace a request on a workspace server is for. */
    public static EmulatedWorkspace of(ServerRequest request) {
        return (EmulatedWorkspace) request.attribute(RequestContext.WORKSPACE)
                .orElseThrow(() -> new IllegalStateException("not a workspace request"));
    }

    public String name() {
        return name;
    }

    /** The 16-digit workspace id. */
    public String workspaceId() {
        return workspaceId;
    }

    /** The ARM resource id, as sent in {@code X-Databricks-Azure-Workspace-Resource-Id}. */
    public String resourceId() {
        return resourceId;
    }

    public String location() {
        return location;
    }

    /** {@code premium}, {@code standard} or {@code trial}. */
    public String sku() {
        return sku;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** {@code host:port} of the workspace's endpoint: ARM's {@code workspaceUrl}. */
    public String host() {
        return host;
    }

    void host(String host) {
        this.host = host;
    }

    public IdentityStore identities() {
        return identities;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /** {@code workspace-conf} values; absent keys are unset. */
    public Map<String, String> conf() {
        return conf;
    }

    /** The store of an API area, made on first use. */
    @SuppressWarnings("unchecked")
    public <T> T store(Class<T> type, Supplier<T> create) {
        return (T) stores.computeIfAbsent(type, t -> create.get());
    }
}
