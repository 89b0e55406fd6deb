package dev.bricklayer.workspace.request;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.bricklayer.common.events.FieldError;

/**
 * The Azure regions a workspace may be requested in ({@code bricklayer.workspace.regions}). A region name that is
 * well-formed but not one of them is refused with rule {@code region}, naming the closest allowed names.
 */
public final class AzureRegions {

    /**
     * The regions where Azure Databricks is offered, from "Azure Databricks regions"
     * (https://learn.microsoft.com/azure/databricks/resources/supported-regions), as their ARM names; the default of
     * {@code bricklayer.workspace.regions}. Sovereign clouds (China, US Government) and the {@code eastus2euap}
     * canary are listed as the page lists them; a deployment limits the list to what its subscriptions can use.
     */
    public static final List<String> DATABRICKS = List.of(
            "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral",
            "canadaeast", "centralindia", "centralus", "chinaeast2", "chinaeast3", "chinanorth2", "chinanorth3", "eastasia",
            "eastus", "eastus2", "eastus2euap", "francecentral", "germanywestcentral", "japaneast", "japanwest", "koreacentral",
            "mexicocentral", "northcentralus", "northeurope", "norwayeast", "qatarcentral", "southafricanorth", "southcentralus",
            "southeastasia", "southindia", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaenorth", "uksouth", "ukwest",
            "usgovarizona", "usgovvirginia", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3");

    private static final int SUGGESTIONS = 3;

    private final Set<String> allowed;

    /** @param allowed the region names a request may name (lower-case ARM names) */
    public AzureRegions(List<String> allowed) {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException("bricklayer.workspace.regions must name at least one region");
        }
        this.allowed = new TreeSet<>(allowed);
    }

    /** The regions of Azure Databricks ({@link #DATABRICKS}). */
    public static AzureRegions databricks() {
        return new AzureRegions(DATABRICKS);
    }

    /** Nothing when {@code region} is allowed; otherwise the error at {@code /region}, naming close choices. */
    public Optional<FieldError> check(String region) {
        if (allowed.contains(region)) {
            return Optional.empty();
        }
        List<String> close = allowed.stream()
                .sorted(Comparator.comparingInt((String name) -> distance(region, name)).thenComparing(Comparator.naturalOrder()))
                .limit(SUGGESTIONS).toList();
        return Optional.of(new FieldError("/region", "region", "'" + region + "' is not an Azure region where workspaces may be "
                + "requested (bricklayer.workspace.regions); closest: " + String.join(", ", close)));
    }

    /** Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
