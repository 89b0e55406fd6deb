package dev.bricklayer.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.bricklayer.emulator.faults.FaultInjector;
import dev.bricklayer.emulator.faults.FaultRule;
import dev.bricklayer.emulator.faults.FaultRule.Kind;
import dev.bricklayer.emulator.journal.Journal;

/** Each kind of injected fault does to a client what the real failure would. */
class FaultKindsTest extends WorkspaceApiTestBase {

    @Autowired
    FaultInjector faults;
    @Autowired
    Journal journal;

    @AfterEach
    void clear() {
        faults.clear();
    }

    private FaultRule rule(String id, Kind kind, Duration latency, Integer retryAfter, Instant from, Instant until, Integer times) {
        return new FaultRule(id, "workspace", workspace.name(), "GET", "^/api/2.0/clusters/list$", kind, null, null, null,
                latency, retryAfter, null, from, until, times);
    }

    @Test
    void aThrottleStormAnswers429WithRetryAfterForAsManyRequestsAsAsked() throws Exception {
        faults.add(rule("storm", Kind.THROTTLE, null, 3, null, null, 2));

        HttpResponse<String> first = call("GET", "/api/2.0/clusters/list", admin(), null);
        HttpResponse<String> second = call("GET", "/api/2.0/clusters/list", admin(), null);
        HttpResponse<String> third = call("GET", "/api/2.0/clusters/list", admin(), null);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).contains("3");
        assertThat(mapper.readTree(first.body()).get("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        faults.add(rule("slow", Kind.LATENCY, Duration.ofMillis(700), null, null, null, null));

        long start = System.nanoTime();
        HttpResponse<String> response = call("GET", "/api/2.0/clusters/list", admin(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aResetClosesTheConnectionWithoutAnAnswerAndIsJournaled() throws Exception {
        // every matching request is reset: the JDK client retries an idempotent GET once on a dropped connection
        faults.add(rule("reset", Kind.RESET, null, null, null, null, null));

        assertThatThrownBy(() -> call("GET", "/api/2.0/clusters/list", admin(), null)).isInstanceOf(IOException.class);
        assertThat(journal.find(e -> workspace.name().equals(e.workspace()) && "reset".equals(e.fault())))
                .isNotEmpty().allSatisfy(entry -> assertThat(entry.status()).isZero());
    }

    @Test
    void anOutageWindowAnswers503OnlyInsideTheWindow() throws Exception {
        Instant now = Instant.now();
        Instant end = now.plusSeconds(2);
        faults.add(rule("outage", Kind.OUTAGE, null, null, now.minusSeconds(1), end, null));

        int during = call("GET", "/api/2.0/clusters/list", admin(), null).statusCode();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()) + 100);
        int after = call("GET", "/api/2.0/clusters/list", admin(), null).statusCode();

        assertThat(during).isEqualTo(503);
        assertThat(after).isEqualTo(200);
    }
}
