package dev.bricklayer.token;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClientResponseException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.RuleAction;
import dev.bricklayer.common.events.workspace.SweepRule;
import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.events.workspace.TokenRule;
import dev.bricklayer.common.events.workspace.WorkspaceReady;
import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.emulator.workspace.Workspaces;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ReadyWorkspace;
import dev.bricklayer.servicetest.WorkspaceEvents;

/**
 * What token-service's tests do in ready emulated workspaces ({@link EmulatedAzure#deployWorkspace}) outside
 * Bricklayer: users and their tokens made through the emulator's admin API, calls as a person or as the platform's app
 * through the common HTTP stack (with token-service's share of a workspace's budget).
 */
public final class TestWorkspaces {

    private final EmulatedAzure azure;
    private final ApiClientFactory clients;

    public TestWorkspaces(EmulatedAzure azure) {
        this.azure = azure;
        this.clients = azure.apiClients("token-service-test", Map.of("bricklayer.http.budget.share", "0.3"));
    }

    /** {@code WorkspaceReady} of a workspace whose desired state is this token policy alone ({@code null}: none), drift enforced. */
    public static WorkspaceReady ready(ReadyWorkspace workspace, TokenPolicy policy) {
        return WorkspaceEvents.ready(workspace, new DesiredState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                policy, DriftMode.ENFORCE, false));
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
        return azure.admin("POST", "/admin/workspaces/" + workspace + "/users",
                Map.of("userName", userName, "active", active, "groups", List.of(groups))).successful();
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
        JsonNode answer = azure.admin("POST", "/admin/workspaces/" + workspace + "/tokens", body).successful();
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
    public void createGroup(ReadyWorkspace workspace, String displayName) {
        clients.workspace(workspace.target()).post().uri("/api/2.0/preview/scim/v2/Groups")
                .bodyValue(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", displayName))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    /** Deletes a user through SCIM (the person is gone from the workspace). */
    public void deleteUser(ReadyWorkspace workspace, String userName) {
        String id = workspace(workspace.name()).identities().userByName(userName).orElseThrow().get("id").asText();
        clients.workspace(workspace.target()).delete().uri("/api/2.0/preview/scim/v2/Users/{id}", id)
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    /** An account user and the account group through which it reaches identity-federated workspaces. */
    public record AccountUser(String userName, String id, String groupId) {
    }

    /**
     * An account user reaching identity-federated workspaces as identity-service makes it in the account scope: the
     * account SCIM user, an account group with it as member, the group assigned to each workspace ({@code USER}).
     */
    public AccountUser accountUserReaching(String userName, String group, ReadyWorkspace... reached) {
        String account = clients.accountId();
        JsonNode user = clients.account().post().uri("/api/2.0/accounts/{account}/scim/v2/Users", account)
                .bodyValue(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", userName))
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
        JsonNode made = clients.account().post().uri("/api/2.0/accounts/{account}/scim/v2/Groups", account)
                .bodyValue(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", group,
                        "members", List.of(Map.of("value", user.get("id").asText()))))
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(30));
        for (ReadyWorkspace workspace : reached) {
            clients.account().put().uri("/api/2.0/accounts/{account}/workspaces/{workspace}/permissionassignments/principals/{group}",
                            account, workspace.workspaceId(), made.get("id").asText())
                    .bodyValue(Map.of("permissions", List.of("USER"))).retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
        }
        return new AccountUser(userName, user.get("id").asText(), made.get("id").asText());
    }

    /** What identity-service does to a leaver in the account scope: deactivated once in the account, out of its group. */
    public void leaveAccount(AccountUser user) {
        String account = clients.accountId();
        clients.account().patch().uri("/api/2.0/accounts/{account}/scim/v2/Users/{id}", account, user.id())
                .bodyValue(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations",
                        List.of(Map.of("op", "replace", "path", "active", "value", List.of(Map.of("value", "false"))))))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
        clients.account().patch().uri("/api/2.0/accounts/{account}/scim/v2/Groups/{id}", account, user.groupId())
                .bodyValue(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations",
                        List.of(Map.of("op", "remove", "path", "members[value eq \"" + user.id() + "\"]"))))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
    }

    /** A call as a person with their token; answers the status and the body. */
    public Answer callAs(ReadyWorkspace workspace, String userName, Seeded token, String path, Object body) {
        WorkspaceTarget asPerson = WorkspaceTarget.pat(workspace.name(), workspace.workspaceUrl(), userName, token.value());
        try {
            JsonNode answer = clients.workspace(asPerson).post().uri(path).bodyValue(body).retrieve()
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
}
