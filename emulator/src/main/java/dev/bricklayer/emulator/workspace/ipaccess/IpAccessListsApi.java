package dev.bricklayer.emulator.workspace.ipaccess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.JsonBodies;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.WorkspaceApi;
import dev.bricklayer.emulator.workspace.Caller;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.ipaccess.IpAccessListStore.IpList;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import reactor.core.publisher.Mono;

/**
 * IP access lists, {@code /api/2.0/ip-access-lists}: create, list, get, PUT (replace), PATCH (update), delete,
 * with the service's validation — IPv4 and IPv4 CIDR only (checked with the IPAddress library), {@code ALLOW} or
 * {@code BLOCK}, a label, one list per label and type, at most {@value #QUOTA} values over all lists, and no change
 * that would block the caller's own address while the lists are enforced. The lists and the rule they make are an
 * {@link IpAccessListStore}, which {@link IpAccessEnforcement} asks once {@code enableIpAccessLists} is {@code "true"}.
 */
@Component
public class IpAccessListsApi implements WorkspaceApi {

    static final int QUOTA = 1000;
    private static final String BASE = "/api/2.0/ip-access-lists";
    private static final IPAddressStringParameters IPV4_ONLY = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false).allowMask(false)
            .allowIPv6(false).allow_inet_aton(false).allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE).toParams();

    private final boolean trustSourceHeader;
    private final JsonBodies bodies;

    public IpAccessListsApi(EmulatorProperties properties, JsonBodies bodies) {
        this.trustSourceHeader = properties.trustSourceAddressHeader();
        this.bodies = bodies;
    }

    @Override
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST(BASE, this::create)
                .GET(BASE, this::list)
                .GET(BASE + "/{id}", request -> JsonBodies.ok(Map.of("ip_access_list",
                        find(EmulatedWorkspace.of(request), request.pathVariable("id")).toJson())))
                .PUT(BASE + "/{id}", request -> update(request, true))
                .PATCH(BASE + "/{id}", request -> update(request, false))
                .DELETE(BASE + "/{id}", this::delete)
                .build();
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        IpAccessListStore store = IpAccessListStore.of(EmulatedWorkspace.of(request));
        synchronized (store) {
            return JsonBodies.ok(Map.of("ip_access_lists", store.lists.values().stream().map(IpList::toJson).toList()));
        }
    }

    private Mono<ServerResponse> create(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = requireAdmin(request);
        String source = RequestContext.sourceAddress(request.exchange(), trustSourceHeader);
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            String label = requiredText(body, "label");
            String type = listType(body.get("list_type"));
            List<String> addresses = addresses(body.get("ip_addresses"), true);
            boolean enabled = !(body.get("enabled") instanceof Boolean b) || b;
            IpAccessListStore store = IpAccessListStore.of(workspace);
            IpList created;
            synchronized (store) {
                requireUniqueLabel(store, label, type, null);
                long now = System.currentTimeMillis();
                long by = userId(caller);
                created = new IpList(UUID.randomUUID().toString(), label, type, addresses, enabled, now, by, now, by);
                Map<String, IpList> candidate = new LinkedHashMap<>(store.lists);
                candidate.put(created.listId(), created);
                check(workspace, candidate, source);
                store.lists.put(created.listId(), created);
            }
            return JsonBodies.ok(Map.of("ip_access_list", created.toJson()));
        });
    }

    private Mono<ServerResponse> update(ServerRequest request, boolean replace) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        Caller caller = requireAdmin(request);
        String source = RequestContext.sourceAddress(request.exchange(), trustSourceHeader);
        String id = request.pathVariable("id");
        return bodies.map(request, JsonBodies.Format.DATABRICKS).flatMap(body -> {
            IpAccessListStore store = IpAccessListStore.of(workspace);
            IpList updated;
            synchronized (store) {
                IpList current = find(workspace, id);
                if (replace) {
                    for (String field : List.of("label", "list_type", "enabled")) {
                        if (!body.containsKey(field)) {
                            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", field + " is required");
                        }
                    }
                }
                String label = body.containsKey("label") ? requiredText(body, "label") : current.label();
                String type = body.containsKey("list_type") ? listType(body.get("list_type")) : current.listType();
                List<String> addresses = body.containsKey("ip_addresses") ? addresses(body.get("ip_addresses"), replace)
                        : replace ? List.of() : current.addresses();
                boolean enabled = body.get("enabled") instanceof Boolean b ? b : current.enabled();
                requireUniqueLabel(store, label, type, id);
                updated = new IpList(id, label, type, addresses, enabled, current.createdAt(), current.createdBy(),
                        System.currentTimeMillis(), userId(caller));
                Map<String, IpList> candidate = new LinkedHashMap<>(store.lists);
                candidate.put(id, updated);
                check(workspace, candidate, source);
                store.lists.put(id, updated);
            }
            return JsonBodies.ok(Map.of("ip_access_list", updated.toJson()));
        });
    }

    private Mono<ServerResponse> delete(ServerRequest request) {
        EmulatedWorkspace workspace = EmulatedWorkspace.of(request);
        requireAdmin(request);
        String source = RequestContext.sourceAddress(request.exchange(), trustSourceHeader);
        String id = request.pathVariable("id");
        IpAccessListStore store = IpAccessListStore.of(workspace);
        synchronized (store) {
            find(workspace, id);
            Map<String, IpList> candidate = new LinkedHashMap<>(store.lists);
            candidate.remove(id);
            check(workspace, candidate, source);
            store.lists.remove(id);
        }
        return JsonBodies.ok(Map.of());
    }

    /** Quota over all lists, and — while enforced — the caller must still get in. */
    private void check(EmulatedWorkspace workspace, Map<String, IpList> candidate, String source) {
        int total = candidate.values().stream().mapToInt(list -> list.addresses().size()).sum();
        if (total > QUOTA) {
            throw EmulatorException.databricks(400, "QUOTA_EXCEEDED", "The IP access lists would hold " + total
                    + " IP addresses or CIDR ranges; at most " + QUOTA + " are allowed");
        }
        if ("true".equals(workspace.conf().get("enableIpAccessLists")) && source != null
                && !IpAccessListStore.allows(source, candidate.values())) {
            throw EmulatorException.databricks(400, "INVALID_STATE", "Your current IP " + source
                    + " will not be allowed to access the workspace under the current IP access list configuration");
        }
    }

    private static IpList find(EmulatedWorkspace workspace, String id) {
        IpAccessListStore store = IpAccessListStore.of(workspace);
        synchronized (store) {
            IpList list = store.lists.get(id);
            if (list == null) {
                throw EmulatorException.databricks(404, "RESOURCE_DOES_NOT_EXIST", "Can't find an IP access list with id: " + id + ".");
            }
            return list;
        }
    }

    private static void requireUniqueLabel(IpAccessListStore store, String label, String type, String exceptId) {
        for (IpList list : store.lists.values()) {
            if (list.label().equals(label) && list.listType().equals(type) && !list.listId().equals(exceptId)) {
                throw EmulatorException.databricks(400, "RESOURCE_ALREADY_EXISTS", "IP access list with type (" + type
                        + ") and label (" + label + ") already exists");
            }
        }
    }

    private static String requiredText(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", field + " must be a non-empty string");
        }
        return text;
    }

    private static String listType(Object value) {
        if (!"ALLOW".equals(value) && !"BLOCK".equals(value)) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "list_type must be ALLOW or BLOCK, got " + value);
        }
        return (String) value;
    }

    /** Each value must be an IPv4 address or IPv4 CIDR block; duplicates are kept once. */
    static List<String> addresses(Object value, boolean required) {
        if (value == null) {
            if (required) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "ip_addresses is required");
            }
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "ip_addresses must be an array of strings");
        }
        Set<String> result = new java.util.LinkedHashSet<>();
        for (Object entry : list) {
            String text = entry == null ? "" : entry.toString().trim();
            IPAddressString parsed = new IPAddressString(text, IPV4_ONLY);
            if (!parsed.isValid() || !parsed.isIPv4() || parsed.getAddress() == null) {
                throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid IP address or CIDR block: "
                        + text + ". We only support IPv4 and IPv4 CIDR notation for now.");
            }
            result.add(text.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(result);
    }

    private static Caller requireAdmin(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.admin()) {
            throw EmulatorException.databricks(403, "PERMISSION_DENIED", "Only workspace admins can manage IP access lists");
        }
        return caller;
    }

    private static long userId(Caller caller) {
        try {
            return Long.parseLong(caller.id());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
