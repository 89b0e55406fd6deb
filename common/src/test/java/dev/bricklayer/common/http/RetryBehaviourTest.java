package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

class RetryBehaviourTest {

    private final MockWebServer server = new MockWebServer();
    private final HttpStackFixture fixture = new HttpStackFixture()
            .with("retry.initial-backoff", "50ms")
            .with("workspace-budget-per-second", "1000");
    private WebClient client;

    @BeforeEach
    void start() throws IOException {
        server.start();
        client = fixture.factory().workspace(
                WorkspaceTarget.aad("ws-retry", "http://localhost:" + server.getPort(), null));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String get(String path) {
        return client.get().uri(path).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30));
    }

    @Test
    void a429WithRetryAfterOneSecondIsRetriedAfterAboutASecondAndSucceeds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                .setBody("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"Too many requests\"}"));
        server.enqueue(new MockResponse().setBody("{\"ip_access_lists\":[]}"));

        String body = get("/api/2.0/ip-access-lists");

        assertThat(body).isEqualTo("{\"ip_access_lists\":[]}");
        assertThat(server.getRequestCount()).isEqualTo(2);
        // The retry waited for Retry-After: measured through the audit records of both attempts.
        var started = fixture.audit.started();
        assertThat(started).extracting(ApiCallStarted::attempt).containsExactly(1, 2);
        Duration gap = Duration.between(started.get(0).startedAt(), started.get(1).startedAt());
        assertThat(gap).isBetween(Duration.ofMillis(950), Duration.ofMillis(2500));
        assertThat(fixture.audit.completed()).extracting(ApiCallCompleted::status).containsExactly(429, 200);
        assertThat(fixture.audit.completed().get(0).errorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(fixture.counter("bricklayer.http.retries", "api", "ip-access-lists")).isEqualTo(1.0);
        assertThat(fixture.counter("bricklayer.http.throttled", "api", "ip-access-lists")).isEqualTo(1.0);
    }

    @Test
    void a400IsNotRetriedAndSurfacesAsTypedError() {
        server.enqueue(new MockResponse().setResponseCode(400)
                .setBody("{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"Invalid CIDR 10.0.0.0/33\"}"));
        server.enqueue(new MockResponse().setBody("{}"));

        assertThatThrownBy(() -> get("/api/2.0/ip-access-lists"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
                    assertThat(e.getMessage()).contains("Invalid CIDR 10.0.0.0/33");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(fixture.audit.started()).hasSize(1);
    }

    @Test
    void otherClientErrorsAreNotRetriedEither() {
        for (int status : new int[] {401, 403, 404, 409}) {
            server.enqueue(new MockResponse().setResponseCode(status).setBody("{\"error_code\":\"X\",\"message\":\"no\"}"));
        }
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> get("/api/2.0/workspace-conf?keys=enableIpAccessLists")).isInstanceOf(ApiException.class);
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void a503IsRetriedWithBackoff() {
        server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"later\"}"));
        server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"later\"}"));
        server.enqueue(new MockResponse().setBody("ok"));

        assertThat(get("/api/2.0/clusters/list")).isEqualTo("ok");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(fixture.audit.completed()).extracting(ApiCallCompleted::attempt).containsExactly(1, 2, 3);
    }

    @Test
    void scimRequestLimitExceededAs500IsRetried() {
        server.enqueue(new MockResponse().setResponseCode(500).setBody(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"detail\":\"REQUEST_LIMIT_EXCEEDED: too many concurrent requests\",\"status\":\"500\"}"));
        server.enqueue(new MockResponse().setBody("{\"Resources\":[]}"));

        assertThat(get("/api/2.0/preview/scim/v2/Users")).isEqualTo("{\"Resources\":[]}");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aPlain500IsNotRetriedForAPost() {
        server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}"));
        server.enqueue(new MockResponse().setBody("{}"));

        assertThatThrownBy(() -> client.post().uri("/api/2.0/policies/clusters/create").bodyValue("{}")
                .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo("INTERNAL_ERROR"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedUpToTheConfiguredAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WebClient unreachable = fixture.with("retry.max-attempts", "3").factory()
                .workspace(WorkspaceTarget.aad("ws-down", "http://localhost:" + closedPort, null));

        assertThatThrownBy(() -> unreachable.post().uri("/api/2.0/token/create").bodyValue("{}")
                .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10)))
                .isInstanceOf(WebClientRequestException.class);
        assertThat(fixture.audit.completed()).hasSize(3)
                .allSatisfy(c -> {
                    assertThat(c.status()).isZero();
                    assertThat(c.outcome()).isEqualTo("TRANSPORT_ERROR");
                });
    }
}
