package dev.bricklayer.emulator.workspace.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bricklayer.emulator.core.WorkspaceApiTestBase;

class ScimApiTest extends WorkspaceApiTestBase {

    private static final String USERS = "/api/2.0/preview/scim/v2/Users";
    private static final String GROUPS = "/api/2.0/preview/scim/v2/Groups";
    private static final String SPS = "/api/2.0/preview/scim/v2/ServicePrincipals";

    private JsonNode createUser(String userName) throws Exception {
        return json(call("POST", USERS, admin(), Map.of("userName", userName, "displayName", userName.split("@")[0])), 201);
    }

    @Test
    void theFixtureUserIsCreatedAndReadBackWithTheFixturesFieldsAndTypes() throws Exception {
        JsonNode created = json(call("POST", USERS, admin(), fixture("databricks/scim.Users.POST.request.json")), 201);
        JsonNode read = json(call("GET", USERS + "/" + created.get("id").asText(), admin(), null), 200);

        assertThat(created.get("userName").asText()).isEqualTo("me@example.com");
        assertThat(created.get("id").asText()).matches("\\d+");
        assertSameShape(mapper.readTree(fixture("databricks/scim.Users.GET-by-id.response.json")), read, "user");
        assertThat(read.get("entitlements").get(0).get("value").asText()).isEqualTo("allow-cluster-create");
        assertThat(read.get("groups")).extracting(g -> g.get("display").asText()).contains("users");
    }

    @Test
    void aDuplicateIsAConflictWithTheDatabricksDetailAndNoScimType() throws Exception {
        createUser("dup@example.com");
        json(call("POST", GROUPS, admin(), Map.of("displayName", "analysts")), 201);

        JsonNode user = json(call("POST", USERS, admin(), Map.of("userName", "dup@example.com")), 409);
        JsonNode group = json(call("POST", GROUPS, admin(), Map.of("displayName", "analysts")), 409);

        assertThat(user.get("detail").asText()).isEqualTo("User with username dup@example.com already exists.");
        assertThat(user.get("status").asText()).isEqualTo("409");
        assertThat(user.has("scimType")).isFalse();
        assertThat(user.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(group.get("detail").asText()).isEqualTo("Group with name analysts already exists.");
    }

    @Test
    void anUnknownIdIs404WithTheFixturesShape() throws Exception {
        JsonNode missing = json(call("GET", GROUPS + "/1234", admin(), null), 404);

        assertSameShape(mapper.readTree(fixture("databricks/scim.error-404-group-not-found.json")), missing, "error");
        assertThat(missing.get("detail").asText()).isEqualTo("Group with id 1234 is not found");
    }

    @Test
    void filtersAreParsedAndEvaluatedWithEqNeCoSwAndOr() throws Exception {
        createUser("ann@contoso.com");
        createUser("bob@contoso.com");
        createUser("carl@fabrikam.com");

        assertThat(names(USERS + "?filter=" + enc("userName eq \"bob@contoso.com\""))).containsExactly("bob@contoso.com");
        assertThat(names(USERS + "?filter=" + enc("userName co \"contoso\""))).containsExactlyInAnyOrder("ann@contoso.com", "bob@contoso.com");
        assertThat(names(USERS + "?filter=" + enc("userName sw \"carl\""))).containsExactly("carl@fabrikam.com");
        assertThat(names(USERS + "?filter=" + enc("userName ne \"ann@contoso.com\" and userName co \"contoso\""))).containsExactly("bob@contoso.com");
        assertThat(names(USERS + "?filter=" + enc("userName eq \"ann@contoso.com\" or userName eq \"carl@fabrikam.com\"")))
                .containsExactlyInAnyOrder("ann@contoso.com", "carl@fabrikam.com");
        JsonNode bad = json(call("GET", USERS + "?filter=" + enc("userName eq"), admin(), null), 400);
        assertThat(bad.get("scimType").asText()).isEqualTo("invalidFilter");
    }

    @Test
    void listsPageWithStartIndexAndCountLikeTheGoSdkAndProjectAttributes() throws Exception {
        for (int i = 0; i < 5; i++) {
            createUser("page" + i + "@contoso.com");
        }
        List<String> all = new ArrayList<>();
        int startIndex = 1;
        while (true) {
            JsonNode page = json(call("GET", USERS + "?startIndex=" + startIndex + "&count=2&sortBy=userName", admin(), null), 200);
            assertThat(page.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
            assertThat(page.get("totalResults").asInt()).isEqualTo(5);
            if (page.get("Resources").isEmpty()) {
                break;
            }
            assertThat(page.get("itemsPerPage").asInt()).isEqualTo(page.get("Resources").size());
            page.get("Resources").forEach(r -> all.add(r.get("userName").asText()));
            startIndex += page.get("Resources").size();
        }
        assertThat(all).containsExactly("page0@contoso.com", "page1@contoso.com", "page2@contoso.com", "page3@contoso.com", "page4@contoso.com");

        JsonNode projected = json(call("GET", USERS + "?attributes=userName&count=1", admin(), null), 200).get("Resources").get(0);
        assertThat(projected.has("userName")).isTrue();
        assertThat(projected.has("displayName")).isFalse();
        assertThat(projected.has("id")).isTrue();
        JsonNode excluded = json(call("GET", USERS + "?excludedAttributes=groups,emails&count=1", admin(), null), 200).get("Resources").get(0);
        assertThat(excluded.has("groups")).isFalse();
        assertThat(excluded.has("userName")).isTrue();
    }

    @Test
    void onePatchAddsManyMembersAndAFilteredPathRemovesOne() throws Exception {
        String a = createUser("m1@contoso.com").get("id").asText();
        String b = createUser("m2@contoso.com").get("id").asText();
        String c = createUser("m3@contoso.com").get("id").asText();
        String group = json(call("POST", GROUPS, admin(), Map.of("displayName", "engineers")), 201).get("id").asText();

        json(call("PATCH", GROUPS + "/" + group, admin(), fixture("databricks/scim.Groups.PATCH.add-member.request.json")
                .replace("\"bcd\"", "\"" + a + "\"},{\"value\":\"" + b + "\"},{\"value\":\"" + c + "\"")), 200);
        JsonNode afterAdd = json(call("GET", GROUPS + "/" + group + "?attributes=members", admin(), null), 200);
        json(call("PATCH", GROUPS + "/" + group, admin(), fixture("databricks/scim.Groups.PATCH.remove-member.request.json")
                .replace("bcd", b)), 200);
        JsonNode afterRemove = json(call("GET", GROUPS + "/" + group, admin(), null), 200);

        assertSameShape(mapper.readTree(fixture("databricks/scim.Groups.GET-by-id.attributes-members.response.json")),
                afterAdd, "group");
        assertThat(afterAdd.get("members")).extracting(m -> m.get("value").asText()).containsExactly(a, b, c);
        assertThat(afterRemove.get("members")).extracting(m -> m.get("value").asText()).containsExactly(a, c);
        JsonNode user = json(call("GET", USERS + "/" + a, admin(), null), 200);
        assertThat(user.get("groups")).anySatisfy(g -> {
            assertThat(g.get("display").asText()).isEqualTo("engineers");
            assertThat(g.get("type").asText()).isEqualTo("direct");
            assertThat(g.get("$ref").asText()).isEqualTo("Groups/" + group);
        });
    }

    @Test
    void patchSetsActiveAndEntitlementsButNeverTheUserName() throws Exception {
        String id = createUser("patch@contoso.com").get("id").asText();

        json(call("PATCH", USERS + "/" + id, admin(), Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "replace", "path", "active", "value", false),
                        Map.of("op", "add", "path", "entitlements", "value", List.of(Map.of("value", "databricks-sql-access"))),
                        Map.of("op", "replace", "path", "userName", "value", "other@contoso.com")))), 200);
        JsonNode user = json(call("GET", USERS + "/" + id, admin(), null), 200);
        JsonNode badEntitlement = json(call("PATCH", USERS + "/" + id, admin(), Map.of("Operations", List.of(
                Map.of("op", "add", "path", "entitlements", "value", List.of(Map.of("value", "can-do-anything")))))), 400);
        String other = createUser("noent@contoso.com").get("id").asText();
        JsonNode removeNone = json(call("PATCH", USERS + "/" + other, admin(), Map.of("Operations", List.of(
                Map.of("op", "remove", "path", "entitlements", "value", List.of(Map.of("value", "allow-cluster-create")))))), 400);

        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.get("userName").asText()).isEqualTo("patch@contoso.com");
        assertThat(user.get("entitlements")).extracting(e -> e.get("value").asText()).containsExactly("databricks-sql-access");
        assertThat(badEntitlement.get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(removeNone.get("scimType").asText()).isEqualTo("invalidPath");
        assertThat(removeNone.get("detail").asText()).isEqualTo("No such attribute with the name : entitlements in the current resource");
        // a deactivated user is refused
        assertThat(call("GET", "/api/2.0/preview/scim/v2/Me", user("patch@contoso.com"), null).statusCode()).isEqualTo(403);
    }

    @Test
    void putReplacesTheResourceKeepingItsUserName() throws Exception {
        String id = json(call("POST", USERS, admin(), fixture("databricks/scim.Users.POST.request.json")), 201).get("id").asText();

        JsonNode replaced = json(call("PUT", USERS + "/" + id, admin(), Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "changed@example.com", "displayName", "Renamed")), 200);

        assertThat(replaced.get("displayName").asText()).isEqualTo("Renamed");
        assertThat(replaced.get("userName").asText()).isEqualTo("me@example.com");
        assertThat(replaced.has("entitlements")).isFalse();
        assertThat(replaced.get("active").asBoolean()).isTrue();
    }

    @Test
    void servicePrincipalsByApplicationIdAndMeForAServicePrincipal() throws Exception {
        JsonNode sp = json(call("POST", SPS, admin(), Map.of("applicationId", "11111111-2222-3333-4444-555555555555",
                "displayName", "etl-app", "entitlements", List.of(Map.of("value", "workspace-access")))), 201);
        JsonNode dup = json(call("POST", SPS, admin(), Map.of("applicationId", "11111111-2222-3333-4444-555555555555")), 409);
        JsonNode me = json(call("GET", "/api/2.0/preview/scim/v2/Me", admin(), null), 200);
        JsonNode found = json(call("GET", SPS + "?filter=" + enc("applicationId eq \"11111111-2222-3333-4444-555555555555\""), admin(), null), 200);

        assertThat(sp.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal");
        assertThat(dup.get("detail").asText()).isEqualTo("Service principal with application ID 11111111-2222-3333-4444-555555555555 already exists.");
        assertThat(me.get("applicationId").asText()).isEqualTo(PLATFORM_CLIENT);
        assertThat(me.get("groups")).extracting(g -> g.get("display").asText()).contains("admins");
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void onlyAdminsWriteAndDeleteAnswers204() throws Exception {
        String id = createUser("victim@contoso.com").get("id").asText();

        HttpResponse<String> byUser = call("DELETE", USERS + "/" + id, user("plain@contoso.com"), null);
        HttpResponse<String> byAdmin = call("DELETE", USERS + "/" + id, admin(), null);

        assertThat(byUser.statusCode()).isEqualTo(403);
        assertThat(byAdmin.statusCode()).isEqualTo(204);
        assertThat(call("GET", USERS + "/" + id, admin(), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/2.0/preview/scim/v2/Me", user("plain@contoso.com"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void scimRequestsBeyondTheConcurrencyLimitAreRefusedWhileOtherApisPass() {
        ScimConcurrencyLimit limit = new ScimConcurrencyLimit(new dev.bricklayer.emulator.config.EmulatorProperties(
                "127.0.0.1", "localhost", 0, 0, java.time.Duration.ofSeconds(599), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 30, 2,
                429, false, true, "x", "changeit", 1, List.of("westeurope"), List.of()));
        java.util.function.Function<String, reactor.core.publisher.Mono<Void>> slowCall = path -> {
            var exchange = org.springframework.mock.web.server.MockServerWebExchange.from(
                    org.springframework.mock.http.server.reactive.MockServerHttpRequest.get(path));
            exchange.getAttributes().put(dev.bricklayer.emulator.server.RequestContext.WORKSPACE, workspace);
            return limit.filter(exchange, e -> reactor.core.publisher.Mono.delay(java.time.Duration.ofMillis(300)).then());
        };

        List<Throwable> scim = reactor.core.publisher.Flux.range(0, 5)
                .flatMap(i -> slowCall.apply(USERS).then(reactor.core.publisher.Mono.<Throwable>empty())
                        .onErrorResume(reactor.core.publisher.Mono::just), 5)
                .collectList().block(java.time.Duration.ofSeconds(5));
        List<Throwable> others = reactor.core.publisher.Flux.range(0, 5)
                .flatMap(i -> slowCall.apply("/api/2.0/clusters/list").then(reactor.core.publisher.Mono.<Throwable>empty())
                        .onErrorResume(reactor.core.publisher.Mono::just), 5)
                .collectList().block(java.time.Duration.ofSeconds(5));

        assertThat(scim).hasSize(3).allSatisfy(error -> {
            var refused = (dev.bricklayer.emulator.server.EmulatorException) error;
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body().get("error_code")).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("1");
        });
        assertThat(others).isEmpty();
        // the slots are free again afterwards
        assertThat(slowCall.apply(USERS).then(reactor.core.publisher.Mono.just(true)).block()).isTrue();
    }

    private List<String> names(String path) throws Exception {
        List<String> names = new ArrayList<>();
        json(call("GET", path, admin(), null), 200).get("Resources").forEach(r -> names.add(r.get("userName").asText()));
        return names;
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
