package dev.bricklayer.security.catalogs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiException;
import reactor.core.publisher.Mono;

/** Unity Catalog's schemas on one workspace host, {@code /api/2.1/unity-catalog/schemas} (reference §7.8.3). */
public class SchemasClient {

    private final WebClient workspace;

    public SchemasClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.1/unity-catalog/schemas?catalog_name=}: the names of the catalog's schemas, every page. */
    public Mono<List<String>> list(String catalog) {
        return Pages.all(token -> workspace.get().uri(builder -> {
                    builder.path("/api/2.1/unity-catalog/schemas").queryParam("catalog_name", catalog);
                    return token == null ? builder.build() : builder.queryParam("page_token", token).build();
                })
                .retrieve().bodyToMono(ListResponse.class)
                .map(response -> new Pages.Page<>(response.schemas().stream().map(SchemaInfo::name).toList(),
                        response.nextPageToken())));
    }

    /**
     * {@code POST /api/2.1/unity-catalog/schemas} with {@code catalog_name} and {@code name}; one that exists by now
     * (409 {@code SCHEMA_ALREADY_EXISTS}: made meanwhile, or by a create the stack retried) is the schema wanted.
     */
    public Mono<Void> create(String catalog, String name) {
        Map<String, Object> body = new LinkedHashMap<>(); // the order of the recorded request: catalog_name, name
        body.put("catalog_name", catalog);
        body.put("name", name);
        return workspace.post().uri("/api/2.1/unity-catalog/schemas").bodyValue(body)
                .retrieve().toBodilessEntity().then()
                .onErrorResume(ApiException.class, e -> e.isConflict() ? Mono.empty() : Mono.error(e));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaInfo(@JsonProperty("name") String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResponse(@JsonProperty("schemas") List<SchemaInfo> schemas, @JsonProperty("next_page_token") String nextPageToken) {
        ListResponse {
            schemas = schemas == null ? List.of() : List.copyOf(schemas);
        }
    }
}
