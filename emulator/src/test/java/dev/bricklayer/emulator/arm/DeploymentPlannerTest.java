package dev.bricklayer.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.arm.ArmState.ResourceGroup;
import dev.bricklayer.emulator.server.EmulatorException;

class DeploymentPlannerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceGroup GROUP = new ResourceGroup("sub-1", "rg-plan", "westeurope", Map.of());
    private static final String TEMPLATE = """
            {"parameters": {
               "workspaceName": {"type": "string"},
               "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
               "pricingTier": {"type": "string", "defaultValue": "premium", "allowedValues": ["standard", "premium"]}},
             "variables": {"managedGroup": "[concat('databricks-rg-', parameters('workspaceName'))]"},
             "resources": [{"type": "Microsoft.Databricks/workspaces", "apiVersion": "2024-05-01",
               "name": "[parameters('workspaceName')]", "location": "[parameters('location')]",
               "sku": {"name": "[parameters('pricingTier')]"},
               "properties": {"managedResourceGroupId": "[concat(subscription().id, '/resourceGroups/', variables('managedGroup'))]"}}]}
            """;

    private static List<PlannedResource> plan(String parameters) throws Exception {
        return DeploymentPlanner.plan(GROUP, "tenant-1", MAPPER.readTree(TEMPLATE), MAPPER.readTree(parameters));
    }

    private static String refusal(String parameters) {
        EmulatorException refused = catchThrowableOfType(() -> plan(parameters), EmulatorException.class);
        assertThat(refused.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) refused.body().get("error");
        assertThat(error.get("code")).isEqualTo("InvalidTemplate");
        return (String) error.get("message");
    }

    @Test
    void givenParametersDefaultsAndVariablesAreEvaluatedIntoTheResourcesToCreate() throws Exception {
        List<PlannedResource> plan = plan("{\"workspaceName\": {\"value\": \"ws-plan\"}}");

        assertThat(plan).hasSize(1);
        PlannedResource workspace = plan.get(0);
        JsonNode body = workspace.body();
        assertThat(workspace.is("microsoft.databricks/WORKSPACES")).isTrue();
        assertThat(workspace.id()).isEqualTo("/subscriptions/sub-1/resourceGroups/rg-plan/providers/Microsoft.Databricks/workspaces/ws-plan");
        assertThat(workspace.apiVersion()).isEqualTo("2024-05-01");
        assertThat(body.get("location").asText()).isEqualTo("westeurope");
        assertThat(body.at("/sku/name").asText()).isEqualTo("premium");
        assertThat(body.at("/properties/managedResourceGroupId").asText())
                .isEqualTo("/subscriptions/sub-1/resourceGroups/databricks-rg-ws-plan");
    }

    @Test
    void aParameterThatIsUnknownMissingOrNotAllowedIsRefusedAsAnInvalidTemplate() {
        assertThat(refusal("{\"workspaceName\": {\"value\": \"w\"}, \"colour\": {\"value\": \"red\"}}"))
                .contains("'colour'").contains("'workspaceName, location, pricingTier'");
        assertThat(refusal("{}")).contains("The value for the template parameter 'workspaceName'");
        assertThat(refusal("{\"workspaceName\": {\"value\": \"w\"}, \"pricingTier\": {\"value\": \"gold\"}}"))
                .contains("'gold'").contains("'standard,premium'");
    }
}
