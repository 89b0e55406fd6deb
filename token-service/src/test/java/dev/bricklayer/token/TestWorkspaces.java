package dev.bricklayer.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.PricingTier;
import dev.bricklayer.common.events.workspace.RuleAction;
import dev.bricklayer.common.events.workspace.SweepRule;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.emulator.server.EmulatorServers;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.Workspaces;

/**
 * Ready emulated workspaces for the tests, deployed through the emulator's ARM API as workspace-service deploys
 * them, and what people do in them outside Bricklayer (users, their tokens) through the emulator's admin API.
 */
public final class TestWorkspaces {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000b1c0";

    private final EmulatedAzure azure;
    private final WebClient admin;

    public TestWorkspaces(EmulatedAzure azure) {
        this.azure = azure;
        this.admin = WebClient.builder().baseUrl(azure.bean(EmulatorServers.class).adminBaseUrl()).build();
    }

    /** A deployed workspace. */
    public record Ready(String name, String resourceId, String workspaceId, String workspaceUrl) {

        public WorkspaceTarget target() {
            return WorkspaceTarget.aad(name, workspaceUrl, resourceId);
        }
    }

    /** PUTs the resource group and the workspace through ARM and waits until it has succeeded. */
    public Ready deploy(String name) {
        String rg = "/subscriptions/" + SUBSCRIPTION + "/resourcegroups/rg-" + name;
        azure.clients.arm().put().uri(rg + "?api-version=2022-09-01").bodyValue(Map.of("location", "westeurope"))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
        String resourceId = rg.replace("/resourcegroups/", "/resourceGroups/") + "/providers/Microsoft.Databricks/workspaces/" + name;
        azure.clients.arm().put().uri(resourceId + "?api-version=2024-05-01").bodyValue(Map.of("location", "westeurope",
                        "sku", Map.of("name", "premium"), "properties", Map.of("managedResourceGroupId",
                                "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/databricks-rg-" + name)))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode workspace = azure.clients.arm().get().uri(resourceId + "?api-version=2024-05-01").retrieve()
                    .bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
            if ("Succeeded".equals(workspace.path("properties").path("provisioningState").asText())) {
                return new Ready(name, resourceId, workspace.path("properties").path("workspaceId").asText(),
                        workspace.path("properties").path("workspaceUrl").asText());
            }
            sleep(100);
        }
        throw new IllegalStateException("workspace " + name + " did not become ready");
    }

    public static WorkspaceReady ready(Ready workspace, TokenPolicy policy) {
        DesiredState desired = new DesiredState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), policy,
                DriftMode.ENFORCE, false);
        return new WorkspaceReady(workspace.name(), "req-" + workspace.name(), workspace.resourceId(), workspace.workspaceId(),
                workspace.workspaceUrl(), PricingTier.PREMIUM, desired, Instant.now());
    }

    /** The standard blueprint's policy shape: every rule revokes but near expiry, which is reported. */
    public static TokenPolicy enforcing(List<String> groups, List<String> servicePrincipals) {
        return new TokenPolicy(90, groups, servicePrincipals, List.of(
                new SweepRule(TokenRule.NO_EXPIRY, RuleAction.REVOKE),
                new SweepRule(TokenRule.EXCEEDS_MAX_LIFETIME, RuleAction.REVOKE),
                new SweepRule(TokenRule.OWNER_INACTIVE, RuleAction.REVOKE),
                new SweepRule(TokenRule.NEAR_EXPIRY, RuleAction.REPORT)), 7);
    }

    /** Every rule only reports. */
    public static TokenPolicy reportOnly(List<String> groups) {
        return new TokenPolicy(90, groups, List.of(), List.of(
                new SweepRule(TokenRule.NO_EXPIRY, RuleAction.REPORT),
                new SweepRule(TokenRule.EXCEEDS_MAX_LIFETIME, RuleAction.REPORT),
                new SweepRule(TokenRule.OWNER_INACTIVE, RuleAction.REPORT),
                new SweepRule(TokenRule.NEAR_EXPIRY, RuleAction.REPORT)), 7);
    }

    /** A user made in the portal: {@code POST /admin/workspaces/{name}/users}. */
    public JsonNode seedUser(String workspace, String userName, boolean active, String... groups) {
        return admin.post().uri("/admin/workspaces/{name}/users", workspace)
                .bodyValue(Map.of("userName", userName, "active", active, "groups", List.of(groups)))
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(10));
    }

    /** A token made by a person: {@code POST /admin/workspaces/{name}/tokens}; {@code lifetime} null = never expires. */
    public Seeded seedToken(String workspace, String userName, Duration lifetime, Duration createdAgo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userName", userName);
        if (lifetime != null) {
            body.put("lifetimeSeconds", lifetime.toSeconds());
        }
        body.put("comment", "made by " + userName);
        body.put("createdSecondsAgo", createdAgo.toSeconds());
        JsonNode answer = admin.post().uri("/admin/workspaces/{name}/tokens", workspace).bodyValue(body)
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(10));
        return new Seeded(answer.get("token_id").asText(), answer.get("token_value").asText());
    }

    /** A seeded token; its value stands for what the person holds (used to call as that person, never printed). */
    public record Seeded(String id, String value) {

        @Override
        public String toString() {
            return "Seeded[id=" + id + ", value=***]";
        }
    }

    /** A group made through SCIM by the platform's service principal (as identity-service does). */
    public void createGroup(Ready workspace, String displayName) {
        azure.clients.workspace(workspace.target()).post().uri("/api/2.0/preview/scim/v2/Groups")
                .bodyValue(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", displayName))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    /** Deletes a user through SCIM (the person is gone from the workspace). */
    public void deleteUser(Ready workspace, String userName) {
        String id = workspace(workspace.name()).identities().userByName(userName).orElseThrow().get("id").asText();
        azure.clients.workspace(workspace.target()).delete().uri("/api/2.0/preview/scim/v2/Users/{id}", id)
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    /** A call as a person with their token; answers the status and the body. */
    public Answer callAs(Ready workspace, String userName, Seeded token, String path, Object body) {
        WorkspaceTarget asPerson = WorkspaceTarget.pat(workspace.name(), workspace.workspaceUrl(), userName, token.value());
        try {
            JsonNode answer = azure.clients.workspace(asPerson).post().uri(path).bodyValue(body).retrieve()
                    .bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
            return new Answer(200, null, answer);
        } catch (ApiException e) {
            return new Answer(e.status(), e.errorCode(), null);
        } catch (WebClientResponseException e) {
            return new Answer(e.getStatusCode().value(), null, null);
        }
    }

    public record Answer(int status, String errorCode, JsonNode body) {

        @Override
        public String toString() {
            return "Answer[status=" + status + ", errorCode=" + errorCode + "]"; // the body may hold a token value
        }
    }

    /** The emulated workspace itself, to look at its state. */
    public EmulatedWorkspace workspace(String name) {
        return azure.bean(Workspaces.class).byName(name).orElseThrow();
    }

    /** Ids of every token the workspace holds now. */
    public List<String> tokenIds(String name) {
        return workspace(name).tokens().all().stream().map(pat -> pat.tokenId()).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
