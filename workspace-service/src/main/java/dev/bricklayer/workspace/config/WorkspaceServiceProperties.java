package dev.bricklayer.workspace.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of workspace-service ({@code bricklayer.workspace.*}).
 *
 * @param blueprintsDir   the folder of blueprint YAML files, checked at start
 * @param pollFirstPause  first pause between two polls of a deployment's status
 * @param pollMaxPause    the longest pause between polls (pauses grow by half each time)
 * @param deployTimeout   a deployment not finished by then is reported failed ({@code DeploymentTimeout})
 */
@Validated
@ConfigurationProperties("bricklayer.workspace")
public record WorkspaceServiceProperties(
        @DefaultValue("blueprints") @NotNull Path blueprintsDir,
        @DefaultValue("2s") @NotNull Duration pollFirstPause,
        @DefaultValue("30s") @NotNull Duration pollMaxPause,
        @DefaultValue("45m") @NotNull Duration deployTimeout) {
}
