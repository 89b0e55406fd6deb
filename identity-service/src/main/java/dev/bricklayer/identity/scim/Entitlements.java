package dev.bricklayer.identity.scim;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.bricklayer.common.events.workspace.Entitlement;

/** Entitlements as SCIM spells them ({@code entitlements[].value}). */
public final class Entitlements {

    private Entitlements() {
    }

    /** {@code ALLOW_CLUSTER_CREATE} → {@code allow-cluster-create}: the enum's names are the SCIM values, upper-cased. */
    public static String wire(Entitlement entitlement) {
        return entitlement.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SortedSet<String> wire(Collection<Entitlement> entitlements) {
        TreeSet<String> values = new TreeSet<>();
        entitlements.forEach(e -> values.add(wire(e)));
        return values;
    }

    public static SortedSet<String> of(List<ScimModel.Value> values) {
        TreeSet<String> names = new TreeSet<>();
        values.forEach(v -> names.add(v.value()));
        return names;
    }
}
