package dev.bricklayer.security.catalogs;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.bricklayer.common.events.security.DriftEntry;
import reactor.core.publisher.Mono;

/**
 * The writes that bring one catalog to its desired state, with the differences they remove.
 *
 * @param catalog the catalog's desired name (announced in {@code CatalogProvisioned} once written)
 * @param entries the differences, readable (desired and actual as text); never empty
 * @param action  the calls, in order, on the workspace's Unity Catalog APIs
 */
public record CatalogWrite(String catalog, List<DriftEntry> entries, Function<CatalogApis, Mono<Void>> action) {

    public CatalogWrite {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(action, "action");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a write removes at least one difference");
        }
    }
}
