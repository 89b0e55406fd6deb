package dev.bricklayer.workspace.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bricklayer.workspace.request.AzureRegions;

/**
 * Configuration of workspace-service ({@code bricklayer.workspace.*}).
 *
 * @param blueprintsDir   the folder of blueprint YAML files, checked at start
 * @param pollFirstPause  first pause between two polls of a deployment's status
 * @param pollMaxPause    the longest pause between polls (pauses grow by half each time)
 * @param deployTimeout   a deployment not finished by then is reported failed ({@code DeploymentTimeout})
 * @param leaseDuration   how long the lease of a deployment lasts unless kept ({@code deploy:<workspace>}, kept every
 *                        {@code bricklayer.work.lease-keep-interval} while it is followed): the deployments of an
 *                        instance that stopped are taken over this long after it stopped, at most
 * @param resumeInterval  how often deployments that no instance follows are looked for and taken up (those that waited
 *                        for an older deployment of their workspace, and those of an instance that stopped)
 * @param regions         the Azure regions a workspace may be requested in; by default every region where Azure
 *                        Databricks is offered ({@link AzureRegions#DATABRICKS}, with its source)
 */
@Validated
@ConfigurationProperties("bricklayer.workspace")
public record WorkspaceServiceProperties(
        @DefaultValue("blueprints") @NotNull Path blueprintsDir,
        @DefaultValue("2s") @NotNull Duration pollFirstPause,
        @DefaultValue("30s") @NotNull Duration pollMaxPause,
        @DefaultValue("45m") @NotNull Duration deployTimeout,
        @DefaultValue("1m") @NotNull Duration leaseDuration,
        @DefaultValue("30s") @NotNull Duration resumeInterval,
        List<String> regions) {

    public WorkspaceServiceProperties {
        regions = regions == null || regions.isEmpty() ? AzureRegions.DATABRICKS : List.copyOf(regions);
    }
}
