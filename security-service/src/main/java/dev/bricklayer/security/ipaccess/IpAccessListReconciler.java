package dev.bricklayer.security.ipaccess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.IpAccessList;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.rules.Ipv4Addresses;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.security.changes.Change;
import dev.bricklayer.security.changes.Refusal;
import dev.bricklayer.security.changes.Refusal.Problem;

/**
 * Plans the IP access lists of a workspace against its desired state, by label and type. Bricklayer's lists are the
 * desired ones, the platform's own ALLOW list, and every list it created or adopted before (their ids are
 * remembered); those are created, updated ({@code PATCH}) and deleted. Other lists are left alone — unless the
 * desired state is authoritative, then every list it does not name goes. {@code enableIpAccessLists} is turned on
 * when lists are desired.
 *
 * <p>Writes are ordered so that the platform never locks itself out while lists are enforced: ALLOW lists (the
 * platform's first) before BLOCK lists, deletes after that (BLOCK lists first, ALLOW lists holding the platform's
 * egress last), and {@code enableIpAccessLists} at the very end.
 */
public final class IpAccessListReconciler {

    public static final String OBJECT = "ip-access-list";
    public static final String STEP = "ip-access-lists";

    private final PlatformEgress platform;

    public IpAccessListReconciler(PlatformEgress platform) {
        this.platform = platform;
    }

    /**
     * The plan for the lists.
     *
     * @param changes  writes, in the order to make them
     * @param adopt    existing lists that are Bricklayer's from now on (matched by label and type), to remember
     * @param forget   remembered list ids that no longer exist
     * @param lists    how many lists Bricklayer has in place once the plan is applied
     * @param enabled  whether {@code enableIpAccessLists} is {@code "true"} once the plan is applied
     */
    public record Plan(List<Change> changes, List<IpAccessListInfo> adopt, List<String> forget, int lists, boolean enabled) {
    }

    /**
     * @param managedIds ids of the lists Bricklayer created or adopted earlier
     * @param apis       the workspace's calls the writes make
     * @throws Refusal (step {@code ip-access-lists}) when the lists that stay would exceed the quota together with
     *                 the desired ones, or a list Bricklayer may not touch blocks the platform's egress
     */
    public Plan plan(DesiredState desired, List<IpAccessListInfo> actual, String enableIpAccessLists, Set<String> managedIds,
                     IpAccessApis apis) {
        List<IpAccessList> wanted = new ArrayList<>();
        platform.listFor(desired).ifPresent(wanted::add);
        wanted.addAll(desired.ipAccessLists());

        Map<String, IpAccessListInfo> byKey = new LinkedHashMap<>();
        actual.forEach(list -> byKey.putIfAbsent(list.key(), list));
        Set<String> wantedKeys = new LinkedHashSet<>();
        wanted.forEach(list -> wantedKeys.add(IpAccessListInfo.key(list.label(), list.listType().name())));

        List<IpAccessListInfo> unmatched = actual.stream()
                .filter(list -> !wantedKeys.contains(list.key()) || byKey.get(list.key()) != list).toList();
        List<IpAccessListInfo> removed = unmatched.stream()
                .filter(list -> managedIds.contains(list.listId()) || desired.ipAccessListsAuthoritative()).toList();
        List<IpAccessListInfo> staying = unmatched.stream().filter(list -> !removed.contains(list)).toList();
        refuseWhatStayingListsBreak(wanted, staying);

        List<Change> changes = new ArrayList<>();
        List<IpAccessListInfo> adopt = new ArrayList<>();
        for (ListType type : List.of(ListType.ALLOW, ListType.BLOCK)) {
            for (IpAccessList list : wanted) {
                if (list.listType() != type) {
                    continue;
                }
                IpAccessListInfo existing = byKey.get(IpAccessListInfo.key(list.label(), type.name()));
                if (existing == null) {
                    changes.add(create(list, apis.ipAccessLists()));
                    continue;
                }
                if (!managedIds.contains(existing.listId())) {
                    adopt.add(existing);
                }
                update(list, existing, apis.ipAccessLists()).ifPresent(changes::add);
            }
        }
        removed.stream()
                .sorted(Comparator.comparingInt(this::deleteRank))
                .forEach(list -> changes.add(delete(list, apis.ipAccessLists())));

        Set<String> actualIds = new LinkedHashSet<>();
        actual.forEach(list -> actualIds.add(list.listId()));
        List<String> forget = new ArrayList<>(managedIds.stream().filter(id -> !actualIds.contains(id)).toList());
        removed.forEach(list -> {
            if (managedIds.contains(list.listId())) {
                forget.add(list.listId());
            }
        });

        boolean enabled = "true".equals(enableIpAccessLists);
        if (!wanted.isEmpty() && !enabled) {
            changes.add(new Change("workspace-conf", List.of(new DriftEntry("workspace-conf", WorkspaceConfClient.ENABLE_IP_ACCESS_LISTS,
                    "value", "true", enableIpAccessLists)),
                    context -> context.await(apis.enableIpAccessLists())));
            enabled = true;
        }
        return new Plan(changes, adopt, forget, wanted.size(), enabled);
    }

    /** Quota over every list that will exist, and no list Bricklayer leaves in place may block its egress. */
    private void refuseWhatStayingListsBreak(List<IpAccessList> wanted, List<IpAccessListInfo> staying) {
        List<Problem> problems = new ArrayList<>();
        int wantedValues = wanted.stream().mapToInt(list -> list.addresses().size()).sum();
        int stayingValues = staying.stream().mapToInt(list -> list.ipAddresses().size()).sum();
        if (!wanted.isEmpty() && wantedValues + stayingValues > Ipv4Addresses.IP_ACCESS_LIST_QUOTA) {
            problems.add(new Problem("/ipAccessLists", Problem.QUOTA_EXCEEDED, "the IP access lists would hold "
                    + (wantedValues + stayingValues) + " addresses and CIDR blocks (" + wantedValues + " of Bricklayer's lists + "
                    + stayingValues + " in lists Bricklayer does not manage: " + labels(staying) + "); Databricks allows "
                    + Ipv4Addresses.IP_ACCESS_LIST_QUOTA + " over all lists"));
        }
        for (IpAccessListInfo list : staying) {
            if (!"BLOCK".equals(list.listType()) || !list.enabled()) {
                continue;
            }
            for (String address : list.ipAddresses()) {
                platform.overlapping(address).ifPresent(range -> problems.add(new Problem("/ipAccessLists", Problem.LOCKOUT,
                        "BLOCK list '" + list.label() + "' (not managed by Bricklayer) holds " + address
                                + ", which blocks the platform's egress range " + range)));
            }
        }
        if (!problems.isEmpty()) {
            throw new Refusal(STEP, problems);
        }
    }

    private Change create(IpAccessList list, IpAccessListsClient client) {
        return new Change(STEP, List.of(new DriftEntry(OBJECT, list.label(), "*", render(list.listType().name(), list.addresses(), true), null)),
                context -> {
                    IpAccessListInfo created;
                    try {
                        created = context.await(client.create(list.label(), list.listType().name(), list.addresses()));
                    } catch (ApiException e) {
                        if (!e.isConflict()) {
                            throw e;
                        }
                        // made meanwhile (by someone else, or by a create that was retried): read it back and adopt it
                        created = context.await(client.list()).stream()
                                .filter(other -> other.key().equals(IpAccessListInfo.key(list.label(), list.listType().name())))
                                .findFirst().orElseThrow(() -> e);
                        context.await(client.update(created.listId(), list.addresses(), Boolean.TRUE));
                    }
                    context.rememberList(created.listId(), list.label(), list.listType().name());
                });
    }

    private Optional<Change> update(IpAccessList list, IpAccessListInfo existing, IpAccessListsClient client) {
        List<DriftEntry> entries = new ArrayList<>();
        boolean addressesDiffer = !canonical(list.addresses()).equals(canonical(existing.ipAddresses()));
        if (addressesDiffer) {
            entries.add(new DriftEntry(OBJECT, list.label(), "ip_addresses", String.join(", ", list.addresses()),
                    String.join(", ", existing.ipAddresses())));
        }
        if (!existing.enabled()) {
            entries.add(new DriftEntry(OBJECT, list.label(), "enabled", "true", "false"));
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Change(STEP, entries, context -> context.await(client.update(existing.listId(),
                addressesDiffer ? list.addresses() : null, existing.enabled() ? null : Boolean.TRUE))));
    }

    private Change delete(IpAccessListInfo list, IpAccessListsClient client) {
        return new Change(STEP, List.of(new DriftEntry(OBJECT, list.label(), "*", null,
                render(list.listType(), list.ipAddresses(), list.enabled()))),
                context -> {
                    context.await(client.delete(list.listId()));
                    context.forgetList(list.listId());
                });
    }

    /** BLOCK lists go first; ALLOW lists that hold the platform's egress go last. */
    private int deleteRank(IpAccessListInfo list) {
        if ("BLOCK".equals(list.listType())) {
            return 0;
        }
        boolean holdsEgress = list.ipAddresses().stream().anyMatch(address -> platform.overlapping(address).isPresent());
        return holdsEgress ? 2 : 1;
    }

    private static Set<String> canonical(List<String> addresses) {
        Set<String> set = new TreeSet<>();
        for (String address : addresses) {
            set.add(Ipv4Addresses.isIpv4OrCidr(address) ? Ipv4Addresses.canonical(address) : address);
        }
        return set;
    }

    /** {@code ALLOW 203.0.113.0/24, 198.51.100.0/26} (with {@code (disabled)} for a list that is off). */
    static String render(String type, List<String> addresses, boolean enabled) {
        return type + " " + String.join(", ", addresses) + (enabled ? "" : " (disabled)");
    }

    private static String labels(List<IpAccessListInfo> lists) {
        return String.join(", ", lists.stream().map(list -> "'" + list.label() + "' (" + list.ipAddresses().size() + ")")
                .filter(Objects::nonNull).toList());
    }
}
