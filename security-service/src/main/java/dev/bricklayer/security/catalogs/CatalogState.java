package dev.bricklayer.security.catalogs;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bricklayer.common.rules.UnityCatalogNames;

/**
 * The Unity Catalog state of one workspace as read (GETs only): its metastore, its workspace id, and the desired
 * catalogs that exist in the metastore.
 *
 * @param metastoreId the workspace's metastore; {@code null} when no catalog is desired (nothing was read)
 * @param workspaceId the workspace's id, as bindings name it
 * @param catalogs    the desired catalogs that exist, by {@link UnityCatalogNames#key lower-case name}
 */
public record CatalogState(String metastoreId, long workspaceId, Map<String, Existing> catalogs) {

    /** A workspace without desired catalogs: nothing read. */
    public static final CatalogState NONE = new CatalogState(null, 0, Map.of());

    public CatalogState {
        catalogs = Map.copyOf(catalogs);
    }

    public Optional<Existing> catalog(String name) {
        return Optional.ofNullable(catalogs.get(UnityCatalogNames.key(name)));
    }

    /**
     * A catalog that exists.
     *
     * @param name          its name as Unity Catalog keeps it
     * @param comment       its comment, or {@code null}
     * @param isolationMode {@code OPEN} or {@code ISOLATED}
     * @param binding       this workspace's binding type, or {@code null} when it is not bound (bindings read only for
     *                      isolated catalogs or ones desired isolated)
     * @param schemas       its schemas' lower-case names; {@code null} when this workspace cannot read it (isolated, not bound)
     */
    public record Existing(String name, String comment, String isolationMode, String binding, Set<String> schemas) {

        public boolean isolated() {
            return "ISOLATED".equals(isolationMode);
        }

        /** Whether this workspace may read it: open, or bound. */
        public boolean readable() {
            return !isolated() || binding != null;
        }
    }
}
