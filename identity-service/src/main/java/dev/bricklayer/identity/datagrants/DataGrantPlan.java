package dev.bricklayer.identity.datagrants;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.bricklayer.identity.datagrants.UnityCatalogPermissionsClient.Change;

/**
 * What must change in the grants of one securable — plain computation, no I/O: for every principal Bricklayer manages
 * (the groups of the workspaces' desired states), the privileges the rules give that it does not hold are added, and
 * the privileges it holds that no rule gives any more are removed; principals Bricklayer does not manage (owners,
 * people, groups made by hand) are never touched.
 */
public final class DataGrantPlan {

    private DataGrantPlan() {
    }

    /**
     * @param current the direct grants now, by principal
     * @param desired the privileges the rules give, by managed principal (a managed principal absent here holds none)
     * @param managed the principals Bricklayer manages
     * @return one change per principal that needs one, in principal order
     */
    public static List<Change> changes(Map<String, ? extends Set<String>> current, Map<String, ? extends Set<String>> desired,
                                       Set<String> managed) {
        SortedSet<String> principals = new TreeSet<>(managed);
        principals.addAll(desired.keySet());
        List<Change> changes = new ArrayList<>();
        for (String principal : principals) {
            Set<String> held = current.containsKey(principal) ? current.get(principal) : Set.of();
            Set<String> wanted = desired.containsKey(principal) ? desired.get(principal) : Set.of();
            SortedSet<String> add = new TreeSet<>(wanted);
            add.removeAll(held);
            SortedSet<String> remove = new TreeSet<>(held);
            remove.removeAll(wanted);
            if (!add.isEmpty() || !remove.isEmpty()) {
                changes.add(new Change(principal, List.copyOf(add), List.copyOf(remove)));
            }
        }
        return changes;
    }
}
