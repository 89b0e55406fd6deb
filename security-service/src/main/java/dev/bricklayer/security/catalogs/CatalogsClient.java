package dev.bricklayer.security.catalogs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bricklayer.common.http.ApiException;
import reactor.core.publisher.Mono;

/**
 * Unity Catalog's catalogs on one workspace host, {@code /api/2.1/unity-catalog/catalogs} (reference §7.8.2): one method
 * per endpoint, through the common HTTP stack (errors as {@link ApiException}: {@code CATALOG_ALREADY_EXISTS} 409, …).
 */
public class CatalogsClient {

    private final WebClient workspace;

    public CatalogsClient(WebClient workspace) {
        this.workspace = workspace;
    }

    /**
     * {@code GET /api/2.1/unity-catalog/catalogs?include_unbound=true}: every catalog of the metastore, those isolated
     * from this workspace included (the caller is a workspace admin); pages followed by {@code next_page_token}.
     */
    public Mono<List<CatalogInfo>> list() {
        return Pages.all(token -> workspace.get().uri(builder -> {
                    builder.path("/api/2.1/unity-catalog/catalogs").queryParam("include_unbound", true);
                    return token == null ? builder.build() : builder.queryParam("page_token", token).build();
                })
                .retrieve().bodyToMono(ListResponse.class)
                .map(response -> new Pages.Page<>(response.catalogs(), response.nextPageToken())));
    }

    /** {@code POST /api/2.1/unity-catalog/catalogs} with {@code name} and {@code comment}: a new (OPEN) catalog. */
    public Mono<CatalogInfo> create(String name, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (comment != null) {
            body.put("comment", comment);
        }
        return workspace.post().uri("/api/2.1/unity-catalog/catalogs").bodyValue(body)
                .retrieve().bodyToMono(CatalogInfo.class);
    }

    /**
     * {@code PATCH /api/2.1/unity-catalog/catalogs/{name}} with the fields to change ({@code isolation_mode}, which is not
     * a create field, or {@code comment}).
     */
    public Mono<CatalogInfo> update(String name, Map<String, Object> changes) {
        return workspace.patch().uri("/api/2.1/unity-catalog/catalogs/{name}", name).bodyValue(changes)
                .retrieve().bodyToMono(CatalogInfo.class);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResponse(@JsonProperty("catalogs") List<CatalogInfo> catalogs, @JsonProperty("next_page_token") String nextPageToken) {
        ListResponse {
            catalogs = catalogs == null ? List.of() : List.copyOf(catalogs);
        }
    }
}
