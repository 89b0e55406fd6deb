package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import reactor.core.publisher.Flux;

class PacingTest {

    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    /** Arrival times at the server, in nanoseconds. */
    private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

    private void serve(Dispatcher dispatcher) throws IOException {
        server.setDispatcher(dispatcher);
        server.start();
    }

    private static int maxInAnyOneSecondWindow(List<Long> times) {
        return Arrivals.maxInAnyOneSecond(times);
    }

    @Test
    void aBurstNeverExceedsTheRateInAnyOneSecondWindowAtTheServer() throws Exception {
        serve(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(System.nanoTime());
                return new MockResponse().setBody("{}");
            }
        });
        int rate = 5;
        HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", String.valueOf(rate));
        WebClient client = fixture.factory().workspace(WorkspaceTarget.aad("ws-burst", "http://localhost:" + server.getPort(), null));

        long start = System.nanoTime();
        Flux.range(0, 16)
                .flatMap(i -> client.get().uri("/api/2.0/clusters/get?cluster_id={id}", i).retrieve().bodyToMono(String.class), 16)
                .blockLast(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(arrivals).hasSize(16);
        assertThat(maxInAnyOneSecondWindow(arrivals)).isLessThanOrEqualTo(rate);
        // and the limiter is not far slower than the rate: 16 requests at 5/s need about 3 s
        assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(6));
        assertThat(fixture.meters.find("bricklayer.http.limiter.wait").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isGreaterThan(1000);
    }

    @Test
    void everyServiceMayUseTheWholeWorkspaceBudgetLessTheBurstThatKeepsAnyOneSecondWithinIt() {
        HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", "30");
        for (String service : List.of("identity-service", "security-service", "token-service", "workspace-service")) {
            fixture.service = service;
            assertThat(fixture.factory().budgets().workspace("ws.example:443").currentRate())
                    .isEqualTo(28.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        // the old fixed share of identity-service, kept as a configuration to compare with: 40 % in this instance alone
        HttpStackFixture fixedShare = new HttpStackFixture().with("workspace-budget-per-second", "30").with("budget.share", "0.4");
        assertThat(fixedShare.factory().budgets().workspace("ws.example:443").currentRate())
                .isEqualTo(11.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void after429TheHostIsPausedForRetryAfterAndSlowedDown() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        serve(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(System.nanoTime());
                if (calls.incrementAndGet() == 1) {
                    return new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                            .setBody("{\"error_code\":\"TOO_MANY_REQUESTS\",\"message\":\"slow down\"}");
                }
                return new MockResponse().setBody("{}");
            }
        });
        // a budget of 12 refills at 10 requests/s (the burst of 2 kept out of any one second)
        HttpStackFixture fixture = new HttpStackFixture().with("workspace-budget-per-second", "12").with("throttle-cooldown", "30s");
        ApiClientFactory factory = fixture.factory();
        String host = "localhost:" + server.getPort();
        WebClient client = factory.workspace(WorkspaceTarget.aad("ws-429", "http://" + host, null));

        client.get().uri("/api/2.0/clusters/list").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
        assertThat(factory.budgets().workspace(host).isSlowed()).isTrue();
        assertThat(factory.budgets().workspace(host).currentRate()).isLessThan(10.0).isGreaterThan(4.0);

        // other calls to the same host in the cool-down run at the slowed pace (about 5/s instead of 10/s)
        arrivals.clear();
        Flux.range(0, 6).flatMap(i -> client.get().uri("/api/2.0/clusters/list").retrieve().bodyToMono(String.class), 6)
                .blockLast(Duration.ofSeconds(10));
        List<Long> sorted = new ArrayList<>(arrivals);
        Collections.sort(sorted);
        Duration spread = Duration.ofNanos(sorted.get(5) - sorted.get(0));
        assertThat(spread).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void theAccountsPatchesAreLimitedApartFromItsCreationsAndNeitherExceedsItsRateInAnyOneSecond() throws Exception {
        List<Long> patches = Collections.synchronizedList(new ArrayList<>());
        List<Long> posts = Collections.synchronizedList(new ArrayList<>());
        serve(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                ("PATCH".equals(request.getMethod()) ? patches : posts).add(System.nanoTime());
                return new MockResponse().setResponseCode("PATCH".equals(request.getMethod()) ? 200 : 201).setBody("{}");
            }
        });
        // the account's limits (reference §7.6 [K]): 5 creations and 2 PATCHes a second, each on its own
        ApiClientFactory factory = new HttpStackFixture().with("account-base-url", "http://localhost:" + server.getPort())
                .with("account-id", "acc-1").with("account-requests-per-second", "5").with("account-patches-per-second", "2").factory();
        WebClient account = factory.account();

        Flux.range(0, 14).flatMap(i -> i % 2 == 0
                ? account.post().uri("/api/2.0/accounts/acc-1/scim/v2/Users").bodyValue(Map.of("userName", "u" + i + "@contoso.com"))
                        .retrieve().bodyToMono(String.class)
                : account.patch().uri("/api/2.0/accounts/acc-1/scim/v2/Groups/{id}", i).bodyValue(Map.of("Operations", List.of()))
                        .retrieve().bodyToMono(String.class), 14).blockLast(Duration.ofSeconds(30));

        assertThat(patches).hasSize(7);
        assertThat(posts).hasSize(7);
        assertThat(maxInAnyOneSecondWindow(patches)).isLessThanOrEqualTo(2);
        assertThat(maxInAnyOneSecondWindow(posts)).isLessThanOrEqualTo(5);
    }

    @Test
    void anIdleAccountTakesAsManyPatchesAtOnceAsItsLimitAndTheNextOnlyASecondAfterTheFirst() throws Exception {
        List<Long> patches = Collections.synchronizedList(new ArrayList<>());
        serve(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                patches.add(System.nanoTime());
                return new MockResponse().setResponseCode(200).setBody("{}");
            }
        });
        ApiClientFactory factory = new HttpStackFixture().with("account-base-url", "http://localhost:" + server.getPort())
                .with("account-id", "acc-1").with("account-patches-per-second", "2").factory();
        WebClient account = factory.account();

        // a person joining two account groups: two PATCHes, then a third person's
        Flux.range(0, 3).flatMap(i -> account.patch().uri("/api/2.0/accounts/acc-1/scim/v2/Groups/{id}", i)
                .bodyValue(Map.of("Operations", List.of())).retrieve().bodyToMono(String.class), 3).blockLast(Duration.ofSeconds(30));

        List<Long> sorted = patches.stream().sorted().toList();
        assertThat(sorted).hasSize(3);
        // spaced by a bucket at 1.8 a second, the second PATCH would wait 556 ms
        assertThat(Duration.ofNanos(sorted.get(1) - sorted.get(0))).isLessThan(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(sorted.get(2) - sorted.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
