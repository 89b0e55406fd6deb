package dev.bricklayer.common.events.workspace;

import java.util.List;
import java.util.Objects;

/**
 * A Unity Catalog catalog a workspace gets (security-service makes it exist in the workspace's metastore, sets its
 * isolation mode and binds the workspace to it; identity-service grants privileges on it).
 *
 * @param name          the catalog name
 * @param comment       its comment; may be {@code null}
 * @param isolationMode {@code OPEN} (every workspace of the metastore may read it) or {@code ISOLATED} (only the bound
 *                      ones); {@code OPEN} when absent
 * @param binding       how this workspace is bound when the catalog is isolated; read-write when absent
 * @param schemas       schemas the catalog holds (besides the {@code default} one Unity Catalog creates)
 */
public record CatalogSpec(String name, String comment, IsolationMode isolationMode, BindingType binding, List<String> schemas) {

    public CatalogSpec {
        Objects.requireNonNull(name, "name");
        isolationMode = isolationMode == null ? IsolationMode.OPEN : isolationMode;
        binding = binding == null ? BindingType.BINDING_TYPE_READ_WRITE : binding;
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
    }
}
