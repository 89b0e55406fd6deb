package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.correlation.Correlation;
import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import reactor.core.publisher.Mono;

class AuthAndAuditRecordTest {

    private static final String RESOURCE_ID =
            "/subscriptions/sub-1/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/ws-finance";
    private static final String PAT = "dapi0123456789abcdef0123456789abcdef";

    private final MockWebServer server = new MockWebServer();
    private HttpStackFixture fixture;

    @BeforeEach
    void start() throws IOException {
        server.start();
        fixture = new HttpStackFixture().with("workspace-budget-per-second", "1000")
                .with("arm-base-url", "http://localhost:" + server.getPort());
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void workspaceCallsCarryTheAadTokenAndBothAzureServicePrincipalHeaders() throws Exception {
        server.enqueue(new MockResponse().setBody("{}"));
        WebClient client = fixture.factory().workspace(
                WorkspaceTarget.aad("ws-finance", "http://localhost:" + server.getPort(), RESOURCE_ID));

        client.get().uri("/api/2.0/preview/scim/v2/Me").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + HttpStackFixture.DATABRICKS_TOKEN);
        assertThat(request.getHeader("X-Databricks-Azure-SP-Management-Token")).isEqualTo(HttpStackFixture.MANAGEMENT_TOKEN);
        assertThat(request.getHeader("X-Databricks-Azure-Workspace-Resource-Id")).isEqualTo(RESOURCE_ID);
    }

    @Test
    void theAzureHeadersCanBeSwitchedOff() throws Exception {
        server.enqueue(new MockResponse().setBody("{}"));
        WebClient client = fixture.with("azure-sp-headers", "false").factory().workspace(
                WorkspaceTarget.aad("ws-finance", "http://localhost:" + server.getPort(), RESOURCE_ID));

        client.get().uri("/api/2.0/preview/scim/v2/Me").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeader("X-Databricks-Azure-SP-Management-Token")).isNull();
        assertThat(request.getHeader("Authorization")).startsWith("Bearer ");
    }

    @Test
    void armCallsUseTheArmTokenAndRecordTheWorkspaceFromThePath() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setBody("{\"properties\":{}}"));

        fixture.factory().arm().get()
                .uri("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Databricks/workspaces/{name}?api-version=2024-05-01",
                        "sub-1", "rg-data", "ws-finance")
                .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + HttpStackFixture.ARM_TOKEN);
        ApiCallStarted started = fixture.audit.started().get(0);
        assertThat(started.api()).isEqualTo("arm");
        assertThat(started.workspace()).isEqualTo("ws-finance");
        assertThat(started.path()).isEqualTo(RESOURCE_ID);
        assertThat(started.pathTemplate()).isEqualTo(
                "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Databricks/workspaces/{name}");
        assertThat(started.principal()).isEqualTo(HttpStackFixture.CLIENT_ID);
    }

    @Test
    void accountCallsCarryAnEntraIdTokenForAzureDatabricksOnlyAndAreAuditedAsTheAccountApi() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":\"7\"}"));
        ApiClientFactory factory = fixture.with("account-base-url", "http://localhost:" + server.getPort())
                .with("account-id", "acc-1").factory();

        factory.account().post().uri("/api/2.0/accounts/{account}/scim/v2/Users", factory.accountId())
                .bodyValue(java.util.Map.of("userName", "ada@contoso.com")).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/api/2.0/accounts/acc-1/scim/v2/Users");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + HttpStackFixture.DATABRICKS_TOKEN);
        assertThat(request.getHeader(AuthFilter.SP_MANAGEMENT_TOKEN)).isNull();
        assertThat(request.getHeader(AuthFilter.WORKSPACE_RESOURCE_ID)).isNull();
        ApiCallStarted started = fixture.audit.started().get(0);
        assertThat(started.api()).isEqualTo("account");
        assertThat(started.workspace()).isNull();
        assertThat(started.principal()).isEqualTo(HttpStackFixture.CLIENT_ID);
    }

    @Test
    void withoutAnAccountIdTheAccountApiIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> fixture.factory().accountId()).hasMessageContaining("bricklayer.http.account-id");
    }

    @Test
    void auditRecordsDescribeTheCallAndCarryTheCorrelationIdOfTheCallingWork() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(404)
                .setBody("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Can't find an IP access list with id: 42.\"}"));
        WebClient client = fixture.factory().workspace(
                WorkspaceTarget.aad("ws-finance", "http://localhost:" + server.getPort(), RESOURCE_ID));

        Mono<String> call = Correlation.with("corr-7f3a", () ->
                client.get().uri("/api/2.0/ip-access-lists/{id}", "42").retrieve().bodyToMono(String.class));
        assertThatThrownBy(() -> call.block(Duration.ofSeconds(10))).isInstanceOf(ApiException.class);

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getHeader(Correlation.HEADER)).isEqualTo("corr-7f3a");
        ApiCallStarted started = fixture.audit.started().get(0);
        assertThat(started.service()).isEqualTo("identity-service");
        assertThat(started.workspace()).isEqualTo("ws-finance");
        assertThat(started.method()).isEqualTo("GET");
        assertThat(started.path()).isEqualTo("/api/2.0/ip-access-lists/42");
        assertThat(started.pathTemplate()).isEqualTo("/api/2.0/ip-access-lists/{id}");
        assertThat(started.api()).isEqualTo("ip-access-lists");
        assertThat(started.attempt()).isEqualTo(1);
        assertThat(started.correlationId()).isEqualTo("corr-7f3a");
        ApiCallCompleted completed = fixture.audit.completed().get(0);
        assertThat(completed.callId()).isEqualTo(started.callId());
        assertThat(completed.status()).isEqualTo(404);
        assertThat(completed.outcome()).isEqualTo("HTTP_ERROR");
        assertThat(completed.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(completed.correlationId()).isEqualTo("corr-7f3a");
    }

    @Test
    void aPatIsSentAsBearerButNeverRecorded() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"token_infos\":[]}"));
        WorkspaceTarget target = WorkspaceTarget.pat("ws-pat", "http://localhost:" + server.getPort(), "ops@example.com", PAT);
        WebClient client = fixture.factory().workspace(target);

        client.get().uri("/api/2.0/token/list").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization")).isEqualTo("Bearer " + PAT);
        String records = new ObjectMapper().findAndRegisterModules().writeValueAsString(fixture.audit.records);
        assertThat(records).doesNotContain(PAT).doesNotContain(HttpStackFixture.DATABRICKS_TOKEN)
                .contains("pat:ops@example.com");
        assertThat(target.toString()).doesNotContain(PAT);
    }

    @Test
    void whenTheStartedRecordCannotBeWrittenTheRequestIsNotSent() {
        fixture.auditSink = new AuditSink() {
            @Override
            public Mono<Void> started(ApiCallStarted record) {
                return Mono.error(new IllegalStateException("broker unavailable"));
            }

            @Override
            public Mono<Void> completed(ApiCallCompleted record) {
                return Mono.empty();
            }
        };
        server.enqueue(new MockResponse().setBody("{}"));
        WebClient client = fixture.factory().workspace(
                WorkspaceTarget.aad("ws-finance", "http://localhost:" + server.getPort(), RESOURCE_ID));

        assertThatThrownBy(() -> client.get().uri("/api/2.0/clusters/list").retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(10))).hasMessageContaining("broker unavailable");
        assertThat(server.getRequestCount()).isZero();
    }
}
