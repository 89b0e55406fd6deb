package dev.bricklayer.common.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A workspace stand-in that records when each request arrived and with which {@code X-Caller} header. */
final class Arrivals implements AutoCloseable {

    record Arrival(long nanos, String caller) {
    }

    final MockWebServer server = new MockWebServer();
    final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());

    Arrivals(Function<RecordedRequest, MockResponse> answer) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(new Arrival(System.nanoTime(), request.getHeader("X-Caller")));
                return answer.apply(request);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://localhost:" + server.getPort();
    }

    String hostKey() {
        return "localhost:" + server.getPort();
    }

    List<Long> times() {
        synchronized (arrivals) {
            return arrivals.stream().map(Arrival::nanos).sorted().toList();
        }
    }

    List<String> callersInOrder() {
        synchronized (arrivals) {
            return arrivals.stream().sorted((a, b) -> Long.compare(a.nanos(), b.nanos())).map(Arrival::caller).toList();
        }
    }

    /** The most requests that arrived within any one second. */
    int maxInAnyOneSecond() {
        return maxInAnyOneSecond(times());
    }

    /** The most of {@code times} (nanoseconds) within any one second. */
    static int maxInAnyOneSecond(List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int max = 0;
        for (int i = 0, j = 0; j < sorted.size(); j++) {
            while (sorted.get(j) - sorted.get(i) >= 1_000_000_000L) {
                i++;
            }
            max = Math.max(max, j - i + 1);
        }
        return max;
    }

    /** Requests per second from the first arrival to the last, the first {@code burst} left out. */
    double rateAfter(int burst) {
        List<Long> sorted = times();
        return (sorted.size() - burst) / ((sorted.get(sorted.size() - 1) - sorted.get(0)) / 1e9);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
