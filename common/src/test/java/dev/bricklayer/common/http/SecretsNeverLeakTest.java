package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

/**
 * Drives the stack through successes, retries and errors with the most talkative logging, and checks that no
 * bearer token or PAT shows up in any log line, exception message or audit record.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest {

    private static final String PAT = "dapiabcdef0123456789abcdef0123456789";
    private static final String[] LOGGERS = {"dev.bricklayer", "org.springframework.web.reactive.function.client",
            "reactor.netty", "io.github.resilience4j"};

    private final MockWebServer server = new MockWebServer();
    private final HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", "1000")
            .with("retry.initial-backoff", "10ms");

    @BeforeEach
    void start() throws IOException {
        server.start();
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.TRACE);
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
        }
    }

    @Test
    void noTokenOrPatInLogsExceptionsOrAuditRecords(CapturedOutput output) throws Exception {
        String base = "http://localhost:" + server.getPort();
        ApiClientFactory factory = fixture.factory();
        WebClient aad = factory.workspace(WorkspaceTarget.aad("ws-secret", base, "/subscriptions/s/resourceGroups/r/providers/Microsoft.Databricks/workspaces/ws-secret"));
        WebClient pat = factory.workspace(WorkspaceTarget.pat("ws-secret", base, "ops@example.com", PAT));

        server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"later\"}"));
        server.enqueue(new MockResponse().setBody("{\"ok\":true}"));
        server.enqueue(new MockResponse().setResponseCode(403)
                .setBody("{\"error_code\":\"403\",\"message\":\"Invalid access token " + PAT + "\"}"));
        aad.get().uri("/api/2.0/clusters/list").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        Throwable error = null;
        try {
            pat.get().uri("/api/2.0/token/list").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        } catch (ApiException e) {
            error = e;
            LoggerFactory.getLogger(SecretsNeverLeakTest.class).error("call failed", e);
        }

        assertThat(error).isNotNull();
        assertThat(server.getRequestCount()).isEqualTo(3);
        String records = new ObjectMapper().findAndRegisterModules().writeValueAsString(fixture.audit.records);
        for (String secret : new String[] {PAT, HttpStackFixture.DATABRICKS_TOKEN, HttpStackFixture.MANAGEMENT_TOKEN}) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(records).doesNotContain(secret);
            assertThat(error.getMessage()).doesNotContain(secret);
        }
        // the logging really was on: the failed call was logged with its status
        assertThat(output.getAll()).contains("403");
    }
}
