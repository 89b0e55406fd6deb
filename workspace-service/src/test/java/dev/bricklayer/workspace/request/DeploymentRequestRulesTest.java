package dev.bricklayer.workspace.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.workspace.BlueprintRef;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.WorkspaceRequested;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.arm.ArmOptions;
import dev.bricklayer.workspace.blueprint.BlueprintCatalog;

/** The request rules that depend on the blueprint's compute mode, compliance add-on, identity scope and Unity Catalog. */
class DeploymentRequestRulesTest {

    private final WorkspaceRequestValidator validator = new WorkspaceRequestValidator(
            BlueprintCatalog.load(Requests.ucBlueprints(), new ObjectMapper().findAndRegisterModules()));

    private List<String> fields(WorkspaceRequested request) {
        return validator.validate(request).errors().stream().map(e -> e.field() + " " + e.rule()).toList();
    }

    private static WorkspaceRequested withTier(WorkspaceRequested r, PricingTier tier, Map<String, Object> overrides) {
        return Requests.with(r, tier, r.network(), r.blueprint(), overrides);
    }

    @Test
    void aServerlessWorkspaceTakesNoNetworkAndAHybridOneNeedsIt() {
        WorkspaceRequested serverless = Requests.of("ws-sls", "serverless", "westeurope", null);
        WorkspaceRequested serverlessWithNetwork = Requests.of("ws-sls", "serverless", "westeurope", Requests.network());
        WorkspaceRequested hybridWithoutNetwork = Requests.of("ws-hyb", "lakehouse", "westeurope", null);

        WorkspaceRequestValidator.Result result = validator.validate(serverless);
        List<FieldError> refused = validator.validate(serverlessWithNetwork).errors();

        assertThat(result.errors()).isEmpty();
        assertThat(result.arm().computeMode()).isEqualTo(ArmOptions.ComputeMode.SERVERLESS);
        assertThat(refused).extracting(e -> e.field() + " " + e.rule()).containsExactly("/network serverless-network");
        assertThat(refused.get(0).message()).contains("serverless@1").contains("Not allowed in Serverless ComputeMode workspace");
        assertThat(fields(hybridWithoutNetwork)).containsExactly("/network required");
        assertThat(fields(Requests.of("ws-hyb", "lakehouse", "westeurope", Requests.network()))).isEmpty();
    }

    @Test
    void theComplianceAddOnUnityCatalogAndTheAccountScopeNeedPremium() {
        WorkspaceRequested lakehouse = Requests.of("ws-tier", "lakehouse", "westeurope", Requests.network());
        WorkspaceRequested federated = Requests.of("ws-tier", "federated", "westeurope", Requests.network());
        WorkspaceRequested workspaceScope = Requests.of("ws-tier", "workspace-scope", "westeurope", Requests.network());

        assertThat(fields(withTier(lakehouse, PricingTier.STANDARD, Map.of())))
                .containsExactly("/pricingTier premium-for-compliance", "/pricingTier premium-for-unity-catalog");
        assertThat(fields(withTier(federated, PricingTier.STANDARD, Map.of())))
                .containsExactly("/pricingTier premium-for-unity-catalog");
        assertThat(fields(withTier(workspaceScope, PricingTier.STANDARD, Map.of()))).isEmpty();
        assertThat(fields(withTier(workspaceScope, PricingTier.STANDARD, Map.of("identityScope", "account"))))
                .containsExactly("/pricingTier premium-for-unity-catalog");
    }

    @Test
    void badOverridesOfTheNewFieldsAreNamedInsideTheRequest() {
        WorkspaceRequested lakehouse = Requests.of("ws-ovr", "lakehouse", "westeurope", Requests.network());

        List<String> errors = fields(Requests.with(lakehouse, PricingTier.PREMIUM, lakehouse.network(), lakehouse.blueprint(), Map.of(
                "unityCatalog", Map.of("catalogs", List.of(Map.of("name", "Analytics"))),
                "arm", Map.of("requiredNsgRules", "NoAzureServiceRules"),
                "identityScope", "tenant")));
        List<String> serverless = fields(Requests.with(lakehouse, PricingTier.PREMIUM, lakehouse.network(), lakehouse.blueprint(),
                Map.of("arm", Map.of("computeMode", "Serverless", "requiredNsgRules", "AllRules"))));

        assertThat(errors).containsExactly("/overrides/identityScope value");
        assertThat(fields(Requests.with(lakehouse, PricingTier.PREMIUM, lakehouse.network(), lakehouse.blueprint(), Map.of(
                "unityCatalog", Map.of("catalogs", List.of(Map.of("name", "Analytics")))))))
                .containsExactly("/overrides/unityCatalog/catalogs/2/name unique");
        assertThat(fields(Requests.with(lakehouse, PricingTier.PREMIUM, lakehouse.network(), lakehouse.blueprint(), Map.of(
                "arm", Map.of("requiredNsgRules", "NoAzureServiceRules"))))).containsExactly("/overrides/arm/requiredNsgRules value");
        // refused overrides resolve nothing: the network is checked as for the blueprint's own Hybrid mode
        assertThat(serverless).containsExactly("/overrides/arm/requiredNsgRules hybrid-only");
        assertThat(fields(Requests.with(lakehouse, PricingTier.PREMIUM, lakehouse.network(), new BlueprintRef("lakehouse", "1"),
                Map.of("colour", "blue")))).containsExactly("/overrides/colour unknown-property");
    }
}
