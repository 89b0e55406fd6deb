package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import reactor.core.publisher.Flux;

class ScimConcurrencyTest {

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger maxNonScimInFlight = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int now = inFlight.incrementAndGet();
                if (request.getPath().contains("/scim/")) {
                    maxInFlight.accumulateAndGet(now, Math::max);
                } else {
                    maxNonScimInFlight.accumulateAndGet(now, Math::max);
                }
                Thread.sleep(150);
                inFlight.decrementAndGet();
                return new MockResponse().setBody("{}");
            }
        });
        server.start();
    }

    @Test
    void scimCallsToOneWorkspaceNeverExceedTheConcurrencyLimit() throws Exception {
        start();
        HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", "1000").with("scim-concurrency", "4");
        WebClient client = fixture.factory().workspace(WorkspaceTarget.aad("ws-scim", "http://localhost:" + server.getPort(), null));

        Flux.range(0, 16)
                .flatMap(i -> client.get().uri("/api/2.0/preview/scim/v2/Users/{id}", i).retrieve().bodyToMono(String.class), 16)
                .blockLast(Duration.ofSeconds(30));

        assertThat(server.getRequestCount()).isEqualTo(16);
        assertThat(maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void otherApisAreNotHeldByTheScimLimit() throws Exception {
        start();
        HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", "1000").with("scim-concurrency", "2");
        WebClient client = fixture.factory().workspace(WorkspaceTarget.aad("ws-scim2", "http://localhost:" + server.getPort(), null));

        Flux.range(0, 8)
                .flatMap(i -> client.get().uri("/api/2.0/permissions/clusters/{id}", i).retrieve().bodyToMono(String.class), 8)
                .blockLast(Duration.ofSeconds(30));

        assertThat(maxNonScimInFlight.get()).isGreaterThan(2);
    }
}
