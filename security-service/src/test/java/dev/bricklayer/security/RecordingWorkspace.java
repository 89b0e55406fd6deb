package dev.bricklayer.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.ManagedLists;
import dev.bricklayer.security.reconcile.WorkspaceApis;
import reactor.core.publisher.Mono;

/**
 * A workspace API that records every request (method, path with query, JSON body) and answers from a table, for
 * tests that assert the exact HTTP requests a plan makes.
 */
public final class RecordingWorkspace {

    /** One request made. */
    public record Request(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path + (body == null || body.isEmpty() ? "" : " " + body);
        }
    }

    public final List<Request> requests = new ArrayList<>();
    public final Map<String, String> remembered = new ConcurrentHashMap<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private static final WorkspaceTarget TARGET = WorkspaceTarget.aad("ws", "https://adb-1.azuredatabricks.net",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws");
    private final WebClient client = WebClient.builder().baseUrl("https://adb-1.azuredatabricks.net")
            .exchangeFunction(this::exchange).build();

    /** Answers {@code METHOD path} (no query) with {@code json}; unlisted requests answer {@code {}}. */
    public RecordingWorkspace answer(String methodAndPath, String json) {
        answers.put(methodAndPath, json);
        return this;
    }

    /** The clients of this recording workspace, as a pass has them. */
    public WorkspaceApis apis() {
        return new WorkspaceApis(TARGET, new dev.bricklayer.security.ipaccess.IpAccessListsClient(client),
                new WorkspaceConfClient(target -> client),
                new dev.bricklayer.security.policies.ClusterPoliciesClient(client),
                new dev.bricklayer.security.clusters.ClustersClient(client), catalogApis());
    }

    public ApplyContext context() {
        return new ApplyContext("ws", new ManagedLists() {
            @Override
            public void remember(String listId, String label, String listType) {
                remembered.put(listId, listType + " " + label);
            }

            @Override
            public void forget(String listId) {
                remembered.remove(listId);
            }
        }, Duration.ofSeconds(5));
    }

    /** The Unity Catalog clients over this recording workspace. */
    public dev.bricklayer.security.catalogs.CatalogApis catalogApis() {
        return dev.bricklayer.security.catalogs.CatalogApis.of(client);
    }

    public List<String> calls() {
        return requests.stream().map(Request::toString).toList();
    }

    private Mono<ClientResponse> exchange(ClientRequest request) {
        MockClientHttpRequest captured = new MockClientHttpRequest(request.method(), request.url());
        @SuppressWarnings("unchecked")
        BodyInserter<Object, ClientHttpRequest> inserter = (BodyInserter<Object, ClientHttpRequest>) (BodyInserter<?, ?>) request.body();
        return inserter.insert(captured, new BodyInserter.Context() {
                    @Override
                    public List<org.springframework.http.codec.HttpMessageWriter<?>> messageWriters() {
                        return ExchangeStrategies.withDefaults().messageWriters();
                    }

                    @Override
                    public java.util.Optional<org.springframework.http.server.reactive.ServerHttpRequest> serverRequest() {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public Map<String, Object> hints() {
                        return Map.of();
                    }
                })
                .then(Mono.defer(() -> captured.getBodyAsString().defaultIfEmpty("")))
                .map(body -> {
                    String path = request.url().getRawPath() + (request.url().getRawQuery() == null ? "" : "?" + request.url().getRawQuery());
                    synchronized (requests) {
                        requests.add(new Request(request.method().name(), path, body));
                    }
                    String answer = answers.getOrDefault(request.method().name() + " " + request.url().getRawPath(), "{}");
                    return ClientResponse.create(HttpStatus.OK).header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                            .body(answer).build();
                });
    }
}
