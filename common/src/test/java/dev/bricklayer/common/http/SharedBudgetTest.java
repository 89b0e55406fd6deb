package dev.bricklayer.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import dev.bricklayer.common.http.budget.BudgetUnavailableException;
import dev.bricklayer.common.http.budget.CallPriority;
import okhttp3.mockwebserver.MockResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One budget per workspace, kept in PostgreSQL and shared by every service and instance: each simulated instance
 * below is a factory with a budget store (and pool) of its own on one database, as separate JVMs would be.
 */
class SharedBudgetTest {

    static SharedStores stores;
    Arrivals workspace;

    @BeforeAll
    static void database() {
        stores = new SharedStores("budget");
    }

    @AfterAll
    static void close() throws Exception {
        stores.close();
    }

    @AfterEach
    void stop() throws Exception {
        stores.down.set(false);
        if (workspace != null) {
            workspace.close();
        }
    }

    private static HttpStackFixture instance(String service, int budgetPerSecond) {
        return new HttpStackFixture().with("workspace-budget-per-second", String.valueOf(budgetPerSecond))
                .with("budget.minimum-per-second", "0").store(stores.instance()).service(service);
    }

    /**
     * The instance's client of the workspace, warmed up with one call (its first exchange sets Netty up and would hold
     * the calls granted meanwhile, which then arrive together): what is measured is the budget, not a cold client.
     */
    private WebClient client(HttpStackFixture instance) {
        WebClient client = instance.factory().workspace(WorkspaceTarget.aad("ws-shared", workspace.baseUrl(), null));
        client.get().uri("/warm-up").retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
        workspace.arrivals.clear();
        return client;
    }

    private static Flux<String> calls(WebClient client, String caller, int count, CallPriority priority) {
        return Flux.range(0, count).flatMap(i -> client.get().uri("/api/2.0/clusters/list").header("X-Caller", caller)
                .retrieve().bodyToMono(String.class).contextWrite(priority.context()), count);
    }

    @Test
    void aServiceAloneReachesCloseToTheWholeBudgetEvenWithItsLowestClass() throws Exception {
        workspace = new Arrivals(request -> new MockResponse().setBody("{}"));
        WebClient sweeps = client(instance("token-service", 20));

        calls(sweeps, "token", 56, CallPriority.BACKGROUND).blockLast(Duration.ofSeconds(30));

        assertThat(workspace.arrivals).hasSize(56);
        assertThat(workspace.maxInAnyOneSecond()).isLessThanOrEqualTo(20);
        // the bucket refills at 20 - 2 (the burst) = 18 requests/s: a lone caller gets nearly all of it
        assertThat(workspace.rateAfter(2)).isGreaterThan(0.85 * 18);
    }

    @Test
    void twoServicesWithTwoInstancesEachShareTheBudgetWithoutExceedingIt() throws Exception {
        workspace = new Arrivals(request -> new MockResponse().setBody("{}"));
        List<Flux<String>> bursts = new ArrayList<>();
        for (String service : List.of("identity-service", "token-service")) {
            for (int instance = 0; instance < 2; instance++) {
                bursts.add(calls(client(instance(service, 30)), service + "-" + instance, 25, CallPriority.ONBOARDING));
            }
        }

        Flux.merge(bursts).blockLast(Duration.ofSeconds(30));

        assertThat(workspace.arrivals).hasSize(100);
        assertThat(workspace.maxInAnyOneSecond()).isLessThanOrEqualTo(30);
        assertThat(workspace.rateAfter(2)).isGreaterThan(0.85 * 28);
    }

    @Test
    void underContentionPeoplesLifecycleGoesBeforeBackgroundWorkOfAnotherService() throws Exception {
        List<String> first40 = first40UnderContention(instance("token-service", 30));

        assertThat(first40.stream().filter("lifecycle"::equals).count()).isGreaterThanOrEqualTo(36);
    }

    @Test
    void aServiceMinimumKeepsItsBackgroundWorkGoingUnderContention() throws Exception {
        List<String> first40 = first40UnderContention(instance("token-service", 30).with("budget.minimum-per-second", "4"));

        assertThat(first40.stream().filter("background"::equals).count()).isGreaterThanOrEqualTo(2);
    }

    /** 40 background calls of {@code token} and 40 lifecycle calls of identity-service at once: who came first. */
    private List<String> first40UnderContention(HttpStackFixture token) throws Exception {
        workspace = new Arrivals(request -> new MockResponse().setBody("{}"));
        WebClient identity = client(instance("identity-service", 30));
        WebClient tokens = client(token);

        Flux.merge(calls(tokens, "background", 40, CallPriority.BACKGROUND), calls(identity, "lifecycle", 40, CallPriority.LIFECYCLE))
                .blockLast(Duration.ofSeconds(30));

        return workspace.callersInOrder().subList(0, 40);
    }

    @Test
    void a429FromTheWorkspacePausesAndSlowsEveryCallerOfItInEveryService() throws Exception {
        AtomicInteger served = new AtomicInteger();
        workspace = new Arrivals(request -> request.getPath().equals("/warm-up") || served.incrementAndGet() != 1
                ? new MockResponse().setBody("{}")
                : new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                        .setBody("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}"));
        HttpStackFixture token = instance("token-service", 30);
        HttpStackFixture identityService = instance("identity-service", 30);
        WebClient identity = client(identityService);
        WebClient tokens = client(token);

        Mono<String> refused = calls(identity, "identity", 1, CallPriority.LIFECYCLE).next();
        refused.subscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> workspace.arrivals.size() == 1);
        long refusedAt = workspace.arrivals.get(0).nanos();
        // the refused instance records the pause in the store (its own view of the budget then shows it slowed)
        await().atMost(Duration.ofSeconds(5)).until(() -> identityService.lastFactory.budgets().workspace(workspace.hostKey()).isSlowed());

        calls(tokens, "token", 1, CallPriority.LIFECYCLE).blockLast(Duration.ofSeconds(10));

        long tokenArrival = workspace.arrivals.stream().filter(a -> "token".equals(a.caller())).findFirst().orElseThrow().nanos();
        assertThat(Duration.ofNanos(tokenArrival - refusedAt)).isGreaterThan(Duration.ofMillis(900));
        assertThat(token.lastFactory.budgets().workspace(workspace.hostKey()).isSlowed()).isTrue();
        assertThat(token.lastFactory.budgets().workspace(workspace.hostKey()).currentRate()).isLessThan(28.0);
    }

    @Test
    void whileTheBudgetStoreIsDownCallsWaitAndThenGoOutPaced() throws Exception {
        workspace = new Arrivals(request -> new MockResponse().setBody("{}"));
        WebClient client = client(instance("identity-service", 5));
        stores.down.set(true);

        List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        Flux<String> burst = calls(client, "identity", 10, CallPriority.LIFECYCLE).doOnNext(answers::add);
        burst.subscribe();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> workspace.arrivals.isEmpty());

        stores.down.set(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> answers.size() == 10);
        assertThat(workspace.maxInAnyOneSecond()).isLessThanOrEqualTo(5);
    }

    @Test
    void aCallThatGetsNoPermitWithinTheLongestWaitFailsAndIsNotMade() throws Exception {
        workspace = new Arrivals(request -> new MockResponse().setBody("{}"));
        WebClient client = client(instance("identity-service", 30).with("max-queue-wait", "500ms"));
        stores.down.set(true);

        Throwable failure = calls(client, "identity", 1, CallPriority.LIFECYCLE).then().map(Object.class::cast)
                .onErrorResume(error -> Mono.just(error)).block(Duration.ofSeconds(10)) instanceof Throwable t ? t : null;

        assertThat(failure).isInstanceOf(BudgetUnavailableException.class).hasMessageContaining("the budget store fails");
        assertThat(workspace.arrivals).isEmpty();
    }

    @Test
    void scimCallsNeverExceedTheConcurrencyLimitAcrossInstances() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        workspace = new Arrivals(request -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150); // the workspace takes its time to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return new MockResponse().setBody("{}");
        });
        List<Flux<String>> bursts = new ArrayList<>();
        for (String service : List.of("identity-service", "token-service")) {
            WebClient client = client(instance(service, 1000).with("scim-concurrency", "4"));
            bursts.add(Flux.range(0, 12).flatMap(i -> client.get().uri("/api/2.0/preview/scim/v2/Users/{id}", i)
                    .retrieve().bodyToMono(String.class), 12));
        }

        Flux.merge(bursts).blockLast(Duration.ofSeconds(30));

        assertThat(workspace.arrivals).hasSize(24);
        assertThat(maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void theAccountsPatchesNeverExceedItsLimitInAnyOneSecondAcrossInstancesAndGoOutInPairsWhenAllowed() throws Exception {
        workspace = new Arrivals(request -> new MockResponse().setBody("{}"));
        List<Flux<String>> bursts = new ArrayList<>();
        for (String service : List.of("identity-service", "identity-service")) {
            WebClient account = instance(service, 30).with("account-base-url", workspace.baseUrl()).with("account-id", "acc-1")
                    .with("account-patches-per-second", "2").factory().account();
            account.get().uri("/warm-up").retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
            bursts.add(Flux.range(0, 4).flatMap(i -> account.patch().uri("/api/2.0/accounts/acc-1/scim/v2/Groups/{id}", i)
                    .bodyValue(Map.of("Operations", List.of())).retrieve().bodyToMono(String.class), 4));
        }
        workspace.arrivals.clear();

        Flux.merge(bursts).blockLast(Duration.ofSeconds(30));

        List<Long> times = workspace.times();
        assertThat(times).hasSize(8);
        assertThat(workspace.maxInAnyOneSecond()).isEqualTo(2);
        // a window's sends go together: the first two within a moment of each other, not a bucket's 556 ms apart
        assertThat(Duration.ofNanos(times.get(1) - times.get(0))).isLessThan(Duration.ofMillis(300));
    }
}
