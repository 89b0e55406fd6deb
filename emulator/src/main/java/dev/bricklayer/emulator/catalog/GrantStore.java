package dev.bricklayer.emulator.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The direct grants of one metastore's securables: per securable ({@code TYPE:full_name}, lower case) the privileges of
 * each principal, kept sorted (every recorded answer lists them alphabetically; reference §7.8.4). A principal left with
 * none is dropped. Every method locks the store.
 */
final class GrantStore {

    /** One principal's change: privileges to add and to remove. */
    record Change(String principal, Set<String> add, Set<String> remove) {
    }

    private final Map<String, Map<String, TreeSet<String>>> grants = new LinkedHashMap<>();

    static String key(Privileges type, String fullName) {
        return type.name() + ":" + CatalogStore.key(fullName);
    }

    /** The direct grants on a securable: principal → sorted privileges. */
    synchronized Map<String, List<String>> of(Privileges type, String fullName) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        grants.getOrDefault(key(type, fullName), Map.of()).forEach((principal, privileges) -> copy.put(principal, List.copyOf(privileges)));
        return copy;
    }

    /** Applies the changes (removals first, then additions), all at once. */
    synchronized void apply(Privileges type, String fullName, List<Change> changes) {
        Map<String, TreeSet<String>> securable = grants.computeIfAbsent(key(type, fullName), k -> new LinkedHashMap<>());
        for (Change change : changes) {
            TreeSet<String> privileges = securable.computeIfAbsent(change.principal(), p -> new TreeSet<>());
            privileges.removeAll(change.remove());
            privileges.addAll(change.add());
            if (privileges.isEmpty()) {
                securable.remove(change.principal());
            }
        }
    }

    /** Forgets the grants of a securable and of everything below it (it was deleted). */
    synchronized void forget(String fullName) {
        String name = CatalogStore.key(fullName);
        grants.keySet().removeIf(k -> {
            String securable = k.substring(k.indexOf(':') + 1);
            return securable.equals(name) || securable.startsWith(name + ".");
        });
    }

    /** The securables a principal holds a privilege on, as {@code TYPE:full_name}. */
    synchronized List<String> heldBy(String principal) {
        List<String> held = new ArrayList<>();
        grants.forEach((securable, principals) -> {
            if (principals.containsKey(principal)) {
                held.add(securable);
            }
        });
        return held;
    }
}
