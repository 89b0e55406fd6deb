package dev.bricklayer.emulator.arm;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.config.EmulatorProperties;

/**
 * The Azure regions where Azure Databricks is offered ({@code emulator.databricks-regions}). A location is
 * compared as ARM compares it: case and spaces do not count ({@code West Europe} is {@code westeurope}). Elsewhere
 * a workspace gets ARM's {@code LocationNotAvailableForResourceType}.
 */
@Component
class DatabricksRegions {

    private final List<String> regions;
    private final Set<String> normalised;

    DatabricksRegions(EmulatorProperties properties) {
        this.regions = properties.databricksRegions();
        this.normalised = regions.stream().map(DatabricksRegions::normalise).collect(Collectors.toSet());
    }

    boolean offers(String location) {
        return normalised.contains(normalise(location));
    }

    /** ARM's refusal of a workspace in {@code location}, as an error detail. */
    ObjectNode notAvailable(String location) {
        return ArmErrors.detail("LocationNotAvailableForResourceType", "The provided location '" + location
                + "' is not available for resource type '" + ArmPaths.WORKSPACES + "'. List of available regions for the "
                + "resource type is '" + String.join(",", regions) + "'.");
    }

    private static String normalise(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
