package dev.bricklayer.security.policies;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.workspace.ClusterPolicy;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;

/**
 * Plans the cluster policies of a workspace by name: a missing one is created, one whose definition (compared
 * semantically), description or {@code max_clusters_per_user} differs is edited; one that is right is left alone.
 * Policies that are no longer desired are not deleted (clusters may run under them).
 */
public final class ClusterPolicyReconciler {

    public static final String OBJECT = "cluster-policy";
    public static final String STEP = "cluster-policies";

    private final PolicyDefinitions definitions;

    public ClusterPolicyReconciler(PolicyDefinitions definitions) {
        this.definitions = definitions;
    }

    /**
     * Fills the ids of existing policies (desired and built-in) into {@code context}, and plans the writes on
     * {@code client}.
     */
    public List<Change> plan(List<ClusterPolicy> desired, List<PolicyInfo> actual, ClusterPoliciesClient client,
                             ApplyContext context) {
        actual.forEach(policy -> context.policy(policy.name(), policy.policyId()));
        List<Change> changes = new ArrayList<>();
        for (ClusterPolicy policy : desired) {
            Optional<PolicyInfo> existing = find(actual, policy.name());
            if (existing.isEmpty()) {
                changes.add(new Change(STEP, List.of(new DriftEntry(OBJECT, policy.name(), "*",
                        definitions.compact(policy.definition()), null)),
                        ctx -> ctx.policy(policy.name(), create(ctx, client, policy))));
                continue;
            }
            PolicyInfo current = existing.get();
            context.policy(policy.name(), current.policyId());
            List<DriftEntry> entries = new ArrayList<>();
            if (!definitions.same(policy.definition(), current.definition())) {
                entries.add(new DriftEntry(OBJECT, policy.name(), "definition", definitions.compact(policy.definition()),
                        definitions.compact(current.definition())));
            }
            if (!Objects.equals(blankToNull(policy.description()), blankToNull(current.description()))) {
                entries.add(new DriftEntry(OBJECT, policy.name(), "description", policy.description(), current.description()));
            }
            Long wantedMax = policy.maxClustersPerUser() == null ? null : policy.maxClustersPerUser().longValue();
            if (!Objects.equals(wantedMax, current.maxClustersPerUser())) {
                entries.add(new DriftEntry(OBJECT, policy.name(), "max_clusters_per_user", text(wantedMax),
                        text(current.maxClustersPerUser())));
            }
            if (!entries.isEmpty() || !policy.name().equals(current.name())) {
                if (entries.isEmpty()) {
                    entries.add(new DriftEntry(OBJECT, policy.name(), "name", policy.name(), current.name()));
                }
                changes.add(new Change(STEP, entries, ctx -> ctx.await(client.edit(current.policyId(), policy))));
            }
        }
        return changes;
    }

    /**
     * Creates the policy. Refused because a policy of that name exists by now (made meanwhile, or by a create that was
     * retried)? Then it is read back and edited to the desired state instead.
     */
    private static String create(ApplyContext context, ClusterPoliciesClient client, ClusterPolicy policy) {
        try {
            return context.await(client.create(policy));
        } catch (ApiException e) {
            if (e.status() != 400) {
                throw e;
            }
            PolicyInfo existing = find(context.await(client.list()), policy.name()).orElseThrow(() -> e);
            context.await(client.edit(existing.policyId(), policy));
            return existing.policyId();
        }
    }

    /** By name; Databricks keeps names unique regardless of case, so a differently cased one is the same policy. */
    private static Optional<PolicyInfo> find(List<PolicyInfo> actual, String name) {
        return actual.stream().filter(p -> name.equals(p.name())).findFirst()
                .or(() -> actual.stream().filter(p -> name.equalsIgnoreCase(p.name()) && !p.isDefault()).findFirst());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }
}
