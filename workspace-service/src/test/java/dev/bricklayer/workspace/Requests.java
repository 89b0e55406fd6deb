package dev.bricklayer.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;

/** Object mother of workspace requests. */
public final class Requests {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000b1c0";

    private Requests() {
    }

    public static NetworkSpec network() {
        return new NetworkSpec("vnet-finance", "10.139.0.0/16", new Subnet("snet-public", "10.139.0.0/18"),
                new Subnet("snet-private", "10.139.64.0/18"), "nsg-finance", true);
    }

    public static WorkspaceRequested valid(String name) {
        return new WorkspaceRequested("req-" + name, name, SUBSCRIPTION, "rg-" + name, "westeurope", PricingTier.PREMIUM,
                network(), Map.of("cost-centre", "cc-1234", "env", "prod"), new BlueprintRef("standard", "1"), Map.of(),
                "platform-team@contoso.com", Instant.parse("2026-11-24T10:00:00Z"));
    }

    public static WorkspaceRequested with(WorkspaceRequested r, PricingTier tier, NetworkSpec network, BlueprintRef blueprint,
                                          Map<String, Object> overrides) {
        return new WorkspaceRequested(r.requestId(), r.workspaceName(), r.subscriptionId(), r.resourceGroup(), r.region(), tier,
                network, r.tags(), blueprint, overrides, r.requestedBy(), r.occurredAt());
    }

    /** A request for {@code blueprint} (version 1) in {@code region}, with {@code network} ({@code null} for none). */
    public static WorkspaceRequested of(String name, String blueprint, String region, NetworkSpec network) {
        return new WorkspaceRequested("req-" + name, name, SUBSCRIPTION, "rg-" + name, region, PricingTier.PREMIUM, network,
                Map.of("env", "prod"), new BlueprintRef(blueprint, "1"), Map.of(), "platform-team@contoso.com",
                Instant.parse("2026-11-24T10:00:00Z"));
    }

    /** The test blueprints of the account scope, ARM 2026-01-01 and Unity Catalog ({@code src/test/resources/blueprints-uc}). */
    public static Path ucBlueprints() {
        try {
            return Path.of(Requests.class.getResource("/blueprints-uc").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shipped blueprints as they were in the workspace scope ({@code src/test/resources/blueprints-classic}): the
     * service's tests of the 2021 model run against them, as workspaces that keep that model do.
     */
    public static Path classicBlueprints() {
        try {
            return Path.of(Requests.class.getResource("/blueprints-classic").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's blueprints folder (the shipped blueprints, account-scoped). */
    public static Path blueprints() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("blueprints")) ? here.resolve("blueprints") : here.getParent().resolve("blueprints");
    }
}
