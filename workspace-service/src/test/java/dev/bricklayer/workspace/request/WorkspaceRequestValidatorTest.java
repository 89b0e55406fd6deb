package dev.bricklayer.workspace.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.NetworkSpec;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.Subnet;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;

class WorkspaceRequestValidatorTest {

    private final WorkspaceRequestValidator validator = new WorkspaceRequestValidator(
            BlueprintCatalog.load(Requests.classicBlueprints(), new ObjectMapper().findAndRegisterModules()));

    private List<String> fields(WorkspaceRequested request) {
        return validator.validate(request).errors().stream().map(e -> e.field() + " " + e.rule()).toList();
    }

    @Test
    void aGoodRequestResolvesItsBlueprintsDesiredState() {
        WorkspaceRequestValidator.Result result = validator.validate(Requests.valid("ws-finance"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.blueprint().reference()).isEqualTo("standard@1");
        assertThat(result.desiredState().ipAccessLists()).isNotEmpty();
    }

    @Test
    void namesFollowAzureRules() {
        WorkspaceRequested request = new WorkspaceRequested("r", "ws", "not-a-guid", "rg.", "West Europe", PricingTier.PREMIUM,
                Requests.network(), Map.of("bad/key", "v"), new BlueprintRef("standard", "1"), Map.of(), " ", Instant.now());

        assertThat(fields(request)).containsExactlyInAnyOrder("/workspaceName pattern", "/subscriptionId guid",
                "/resourceGroup pattern", "/region pattern", "/requestedBy required", "/tags/bad~1key tag-name");
    }

    @Test
    void aWellFormedRegionWithoutAzureDatabricksIsRefusedNamingCloseChoices() {
        WorkspaceRequested base = Requests.valid("ws-region");

        List<FieldError> atlantis = validator.validate(inRegion(base, "atlantis")).errors();
        List<FieldError> typo = validator.validate(inRegion(base, "westeuropa")).errors();
        List<FieldError> poland = validator.validate(inRegion(base, "polandcentral")).errors();

        assertThat(atlantis).extracting(FieldError::field, FieldError::rule).containsExactly(org.assertj.core.groups.Tuple.tuple("/region", "region"));
        assertThat(typo).singleElement().satisfies(error -> assertThat(error.message()).contains("'westeuropa'").contains("westeurope"));
        assertThat(poland).extracting(FieldError::rule).containsExactly("region");
        assertThat(validator.validate(inRegion(base, "swedencentral")).errors()).isEmpty();
        assertThat(validator.validate(inRegion(base, "usgovvirginia")).errors()).isEmpty();
    }

    @Test
    void theAllowedRegionsComeFromConfiguration() {
        WorkspaceRequestValidator onlyEurope = new WorkspaceRequestValidator(
                BlueprintCatalog.load(Requests.classicBlueprints(), new ObjectMapper().findAndRegisterModules()),
                new AzureRegions(List.of("westeurope", "northeurope")));
        WorkspaceRequested base = Requests.valid("ws-region");

        assertThat(onlyEurope.validate(base).errors()).isEmpty();
        assertThat(onlyEurope.validate(inRegion(base, "eastus")).errors()).singleElement().satisfies(error -> {
            assertThat(error.rule()).isEqualTo("region");
            assertThat(error.message()).contains("'eastus'").contains("northeurope").contains("westeurope");
        });
        assertThat(AzureRegions.DATABRICKS).hasSize(45).contains("westeurope", "chinanorth3", "eastus2euap").doesNotContain("polandcentral");
    }

    private static WorkspaceRequested inRegion(WorkspaceRequested r, String region) {
        return new WorkspaceRequested(r.requestId(), r.workspaceName(), r.subscriptionId(), r.resourceGroup(), region, r.pricingTier(),
                r.network(), r.tags(), r.blueprint(), r.overrides(), r.requestedBy(), r.occurredAt());
    }

    @Test
    void subnetsMustBeValidInsideTheVnetApartAndLargeEnough() {
        NetworkSpec outside = new NetworkSpec("vnet", "10.139.0.0/16", new Subnet("pub", "10.140.0.0/18"),
                new Subnet("priv", "10.139.0.0/27"), "nsg", true);
        NetworkSpec overlapping = new NetworkSpec("vnet", "10.139.0.0/16", new Subnet("pub", "10.139.0.0/18"),
                new Subnet("priv", "10.139.32.0/19"), "nsg", true);
        NetworkSpec garbage = new NetworkSpec("vnet", "10.139.0.0/33", new Subnet("same", "10.139.1.1/18"),
                new Subnet("same", "banana"), "nsg", true);
        NetworkSpec tooBig = new NetworkSpec("vnet", "10.0.0.0/8", new Subnet("pub", "10.0.0.0/18"), new Subnet("priv", "10.0.64.0/18"), "nsg", true);
        WorkspaceRequested base = Requests.valid("ws-net");

        assertThat(fields(Requests.with(base, PricingTier.PREMIUM, outside, base.blueprint(), Map.of())))
                .containsExactlyInAnyOrder("/network/publicSubnet/cidr inside-vnet", "/network/privateSubnet/cidr prefix-at-most-26");
        assertThat(fields(Requests.with(base, PricingTier.PREMIUM, overlapping, base.blueprint(), Map.of())))
                .containsExactly("/network/privateSubnet/cidr no-overlap");
        assertThat(fields(Requests.with(base, PricingTier.PREMIUM, garbage, base.blueprint(), Map.of())))
                .containsExactlyInAnyOrder("/network/vnetCidr ipv4-cidr", "/network/publicSubnet/cidr network-address",
                        "/network/privateSubnet/cidr ipv4-cidr", "/network/privateSubnet/name unique");
        assertThat(fields(Requests.with(base, PricingTier.PREMIUM, tooBig, base.blueprint(), Map.of())))
                .containsExactly("/network/vnetCidr prefix-16-24");
    }

    @Test
    void ipAccessListsNeedPremiumAndBlueprintsMustExist() {
        WorkspaceRequested base = Requests.valid("ws-tier");

        List<FieldError> standardTier = validator.validate(Requests.with(base, PricingTier.STANDARD, base.network(), base.blueprint(), Map.of())).errors();
        List<String> withoutLists = fields(Requests.with(base, PricingTier.STANDARD, base.network(), base.blueprint(),
                Map.of("ipAccessLists", List.of(Map.of("label", "corporate-egress", "remove", true), Map.of("label", "known-bad", "remove", true)))));
        List<String> unknown = fields(Requests.with(base, PricingTier.PREMIUM, base.network(), new BlueprintRef("gold", "1"), Map.of()));
        List<String> unknownVersion = fields(Requests.with(base, PricingTier.PREMIUM, base.network(), new BlueprintRef("standard", "9"), Map.of()));

        assertThat(standardTier).extracting(FieldError::field, FieldError::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/pricingTier", "premium-for-ip-access-lists"));
        assertThat(standardTier.get(0).message()).contains("standard@1");
        assertThat(withoutLists).isEmpty();
        assertThat(unknown).containsExactly("/blueprint known");
        assertThat(unknownVersion).containsExactly("/blueprint known");
    }

    @Test
    void badOverridesAreNamedInsideTheRequest() {
        WorkspaceRequested base = Requests.valid("ws-ovr");

        List<String> errors = fields(Requests.with(base, PricingTier.PREMIUM, base.network(), base.blueprint(),
                Map.of("tokenPolicy", Map.of("maxLifetimeDays", 1000), "ipAccessLists",
                        List.of(Map.of("label", "x", "listType", "ALLOW", "addresses", List.of("::1"))))));

        assertThat(errors).containsExactlyInAnyOrder("/overrides/ipAccessLists/2/addresses/0 ipv4-or-cidr",
                "/overrides/tokenPolicy/maxLifetimeDays range");
    }
}
