package dev.bricklayer.common.events.workspace;

import java.util.List;

/**
 * A workspace's Unity Catalog set-up: the metastore (the region's, assigned by workspace-service where Azure did not
 * before {@code WorkspaceReady}) and the catalogs it gets.
 *
 * @param defaultCatalog the workspace's default catalog; may be {@code null} (the metastore's default)
 * @param catalogs       the catalogs the workspace gets
 */
public record UnityCatalogSpec(String defaultCatalog, List<CatalogSpec> catalogs) {

    public UnityCatalogSpec {
        catalogs = catalogs == null ? List.of() : List.copyOf(catalogs);
    }
}
