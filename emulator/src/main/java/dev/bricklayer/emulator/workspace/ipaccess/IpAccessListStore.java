package dev.bricklayer.emulator.workspace.ipaccess;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * The IP access lists of one workspace and the rule they make: a source address in an enabled {@code BLOCK} list is
 * refused; else, when an enabled {@code ALLOW} list exists, one of them must hold it. {@link IpAccessListsApi} changes
 * the lists (holding the store's lock); {@link IpAccessEnforcement} and workspace-conf ask the rule.
 */
public final class IpAccessListStore {

    /** One list. */
    record IpList(String listId, String label, String listType, List<String> addresses, boolean enabled, long createdAt,
                  long createdBy, long updatedAt, long updatedBy) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("list_id", listId);
            json.put("label", label);
            json.put("list_type", listType);
            json.put("ip_addresses", addresses);
            json.put("address_count", addresses.size());
            json.put("enabled", enabled);
            json.put("created_at", createdAt);
            json.put("created_by", createdBy);
            json.put("updated_at", updatedAt);
            json.put("updated_by", updatedBy);
            return json;
        }
    }

    /** The lists by id, in the order they were made; guarded by this store. */
    final Map<String, IpList> lists = new LinkedHashMap<>();

    public static IpAccessListStore of(EmulatedWorkspace workspace) {
        return workspace.store(IpAccessListStore.class, IpAccessListStore::new);
    }

    /** Whether {@code source} may call the workspace under its current lists. */
    public boolean allows(String source) {
        List<IpList> current;
        synchronized (this) {
            current = new ArrayList<>(lists.values());
        }
        return allows(source, current);
    }

    /** Whether {@code source} may call a workspace with these lists; an address that does not parse may not. */
    static boolean allows(String source, Collection<IpList> lists) {
        IPAddress address = new IPAddressString(source).getAddress();
        if (address == null) {
            return false;
        }
        boolean anyAllow = false;
        boolean inAllow = false;
        for (IpList list : lists) {
            if (!list.enabled()) {
                continue;
            }
            boolean contains = list.addresses().stream().anyMatch(entry -> new IPAddressString(entry).getAddress().contains(address));
            if ("BLOCK".equals(list.listType()) && contains) {
                return false;
            }
            if ("ALLOW".equals(list.listType())) {
                anyAllow = true;
                inAllow |= contains;
            }
        }
        return !anyAllow || inAllow;
    }
}
