package dev.bricklayer.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;
import dev.bricklayer.platform.run.EmulatorDefaults;

/**
 * What Azure Databricks holds, read back through its APIs as an outsider would, not from the platform's records: the
 * account's users and group memberships (account SCIM, as the auditor's app made an account admin), and per workspace
 * the users it has (workspace SCIM) and the Unity Catalog privileges on a catalog (Grants API) — read with a workspace
 * admin's personal access token. Neither reader is the platform's app, so these calls are not among the services'
 * calls the audit must equal ({@code PlatformCalls}).
 */
final class AzureReadings {

    /** An account user: its id, whether active, and the account groups it is a direct member of. */
    record AccountUser(String id, boolean active, Set<String> groups) {
    }

    private final PlatformClient client;
    private final ObjectMapper mapper;
    private final URI account;
    private final Map<String, String> workspaceUrls = new HashMap<>();
    private final Map<String, String> readerTokens = new HashMap<>();
    private Map<String, Set<String>> members;

    AzureReadings(PlatformClient client, ObjectMapper mapper, String accountBase) {
        this.client = client;
        this.mapper = mapper;
        this.account = URI.create(accountBase + "/api/2.0/accounts/" + EmulatorDefaults.ACCOUNT + "/scim/v2/");
        // the auditor's app becomes an account admin, as a person would make a reading app one in the account console
        client.admin("POST", "/accounts/" + EmulatorDefaults.ACCOUNT + "/service-principals",
                Map.of("applicationId", EmulatorDefaults.AUDITOR_CLIENT_ID, "displayName", "e2e-reader", "roles", java.util.List.of("account_admin")))
                .expect(201);
        for (JsonNode workspace : client.admin("GET", "/workspaces", null).expect(200).json(mapper)) {
            workspaceUrls.put(workspace.path("name").asText(), workspace.path("workspaceUrl").asText(workspace.path("url").asText()));
        }
    }

    /** The account user of {@code userName}, if the account has one. */
    Optional<AccountUser> accountUser(String userName) {
        JsonNode found = account("Users?filter=" + filter("userName eq \"" + userName + "\"")).path("Resources");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode user = found.get(0);
        String id = user.path("id").asText();
        Set<String> groups = new TreeSet<>();
        members().forEach((group, members) -> {
            if (members.contains(id)) {
                groups.add(group);
            }
        });
        return Optional.of(new AccountUser(id, user.path("active").asBoolean(true), groups));
    }

    /** group → its direct members' ids, read once: the list leaves members out (accounts since 2025-08-22), so by id. */
    private Map<String, Set<String>> members() {
        if (members == null) {
            members = new TreeMap<>();
            for (JsonNode listed : account("Groups?count=1000&attributes=id,displayName").path("Resources")) {
                JsonNode group = account("Groups/" + listed.path("id").asText() + "?attributes=displayName,members");
                Set<String> ids = new TreeSet<>();
                group.path("members").forEach(m -> ids.add(m.path("value").asText()));
                members.put(group.path("displayName").asText(), ids);
            }
        }
        return members;
    }

    /** A GET on the account's SCIM API; a 429 (the account's read limit) is waited out and sent again, as clients do. */
    private JsonNode account(String path) {
        for (int attempt = 1; ; attempt++) {
            PlatformClient.Answer answer = client.databricks(Caller.AUDITOR, "GET", account.resolve(path), null);
            if (answer.status() != 429 || attempt == 10) {
                return answer.expect(200).json(mapper);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether {@code workspace} has an active user {@code userName} (workspace SCIM). */
    boolean activeIn(String workspace, String userName) {
        JsonNode found = client.workspace(workspaceUrls.get(workspace), reader(workspace), "GET",
                "/api/2.0/preview/scim/v2/Users?filter=" + filter("userName eq \"" + userName + "\""), null).expect(200).json(mapper)
                .path("Resources");
        return !found.isEmpty() && found.get(0).path("active").asBoolean(true);
    }

    /** principal → privileges on {@code catalog}, as the Grants API of {@code workspace} answers. */
    Map<String, Set<String>> privileges(String workspace, String catalog) {
        JsonNode answer = client.workspace(workspaceUrls.get(workspace), reader(workspace), "GET",
                "/api/2.1/unity-catalog/permissions/catalog/" + catalog, null).expect(200).json(mapper);
        Map<String, Set<String>> privileges = new TreeMap<>();
        for (JsonNode assignment : answer.path("privilege_assignments")) {
            Set<String> held = new TreeSet<>();
            assignment.path("privileges").forEach(p -> held.add(p.asText()));
            privileges.put(assignment.path("principal").asText(), held);
        }
        return privileges;
    }

    /** A personal access token of a human workspace admin made for reading (the emulator's admin API). */
    private String reader(String workspace) {
        return readerTokens.computeIfAbsent(workspace, name -> client.admin("POST", "/workspaces/" + name + "/people-tokens",
                Map.of("userName", "e2e.reader@contoso.com")).expect(201).json(mapper).path("token_value").asText());
    }

    private static String filter(String expression) {
        return URLEncoder.encode(expression, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
