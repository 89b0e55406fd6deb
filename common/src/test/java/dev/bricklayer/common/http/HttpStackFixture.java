package dev.bricklayer.common.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.http.budget.BudgetStore;
import dev.bricklayer.common.http.budget.Budgets;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

/** Builds an {@link ApiClientFactory} the way the auto-configuration does, with properties bound from a map. */
final class HttpStackFixture {

    static final String DATABRICKS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJkYXRhYnJpY2tzIn0.c2lnbmF0dXJlLWRhdGFicmlja3M";
    static final String MANAGEMENT_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJtYW5hZ2VtZW50In0.c2lnbmF0dXJlLW1hbmFnZW1lbnQ";
    static final String ARM_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcm0ifQ.c2lnbmF0dXJlLWFybQ";
    static final String CLIENT_ID = "11111111-2222-3333-4444-555555555555";

    final Map<String, Object> properties = new HashMap<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecordingAuditSink audit = new RecordingAuditSink();
    AuditSink auditSink = audit;
    String service = "identity-service";
    /** Where the budgets live: this factory's memory unless a test shares a store between factories. */
    BudgetStore store = BudgetStore.local();

    HttpStackFixture with(String key, Object value) {
        properties.put("bricklayer.http." + key, value);
        return this;
    }

    HttpStackProperties boundProperties() {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("bricklayer.http", HttpStackProperties.class);
    }

    /** The factory made last. */
    ApiClientFactory lastFactory;

    HttpStackFixture service(String name) {
        this.service = name;
        return this;
    }

    HttpStackFixture store(BudgetStore shared) {
        this.store = shared;
        return this;
    }

    ApiClientFactory factory() {
        HttpStackProperties properties = boundProperties();
        lastFactory = new ApiClientFactory(WebClient.builder(), properties, service, new FixedTokens(), auditSink,
                meters, new ObjectMapper().findAndRegisterModules(), RetryRegistry.ofDefaults(),
                new Budgets(properties, store, java.time.Clock.systemUTC()), null);
        return lastFactory;
    }

    double counter(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    static final class FixedTokens implements AccessTokenSource {
        @Override
        public Mono<String> token(String scope) {
            return Mono.just(switch (scope) {
                case DATABRICKS_SCOPE -> DATABRICKS_TOKEN;
                case SERVICE_MANAGEMENT_SCOPE -> MANAGEMENT_TOKEN;
                case ARM_SCOPE -> ARM_TOKEN;
                default -> throw new IllegalArgumentException("unexpected scope " + scope);
            });
        }

        @Override
        public String principal() {
            return CLIENT_ID;
        }
    }

    /** Keeps audit records in memory, in the order they were acknowledged. */
    static final class RecordingAuditSink implements AuditSink {
        final List<Object> records = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> started(ApiCallStarted record) {
            return Mono.fromRunnable(() -> records.add(record));
        }

        @Override
        public Mono<Void> completed(ApiCallCompleted record) {
            return Mono.fromRunnable(() -> records.add(record));
        }

        List<ApiCallStarted> started() {
            return records.stream().filter(ApiCallStarted.class::isInstance).map(ApiCallStarted.class::cast).toList();
        }

        List<ApiCallCompleted> completed() {
            return records.stream().filter(ApiCallCompleted.class::isInstance).map(ApiCallCompleted.class::cast).toList();
        }
    }
}
