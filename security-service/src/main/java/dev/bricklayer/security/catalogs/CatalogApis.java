package dev.bricklayer.security.catalogs;

import org.springframework.web.reactive.function.client.WebClient;

/** The Unity Catalog surfaces security-service calls in one workspace, on the common HTTP stack's client for it. */
public record CatalogApis(CurrentMetastoreClient metastore, CatalogsClient catalogs, SchemasClient schemas,
                          WorkspaceBindingsClient bindings) {

    public static CatalogApis of(WebClient workspace) {
        return new CatalogApis(new CurrentMetastoreClient(workspace), new CatalogsClient(workspace), new SchemasClient(workspace),
                new WorkspaceBindingsClient(workspace));
    }
}
