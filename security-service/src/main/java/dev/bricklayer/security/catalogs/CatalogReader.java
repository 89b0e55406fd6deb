package dev.bricklayer.security.catalogs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.rules.UnityCatalogNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the Unity Catalog state of the desired catalogs, with GETs only and none at all when no catalog is desired:
 * the workspace's metastore assignment, the metastore's catalogs (those isolated from this workspace included), the
 * bindings of every catalog that is or should be isolated, and the schemas of every catalog this workspace can read.
 */
public final class CatalogReader {

    private CatalogReader() {
    }

    public static Mono<CatalogState> read(CatalogApis apis, List<CatalogSpec> desired) {
        if (desired.isEmpty()) {
            return Mono.just(CatalogState.NONE);
        }
        Map<String, CatalogSpec> wanted = desired.stream().collect(Collectors.toMap(c -> UnityCatalogNames.key(c.name()), c -> c,
                (a, b) -> a, LinkedHashMap::new));
        return apis.metastore().get().flatMap(assignment -> apis.catalogs().list().flatMap(all -> Flux.fromIterable(all)
                .filter(catalog -> wanted.containsKey(UnityCatalogNames.key(catalog.name())))
                .concatMap(catalog -> existing(apis, catalog, wanted.get(UnityCatalogNames.key(catalog.name())), assignment.workspaceId()))
                .collectMap(existing -> UnityCatalogNames.key(existing.name()))
                .map(found -> new CatalogState(assignment.metastoreId(), assignment.workspaceId(), found))));
    }

    private static Mono<CatalogState.Existing> existing(CatalogApis apis, CatalogInfo catalog, CatalogSpec spec, long workspaceId) {
        boolean isolated = "ISOLATED".equals(catalog.isolationMode());
        Mono<String> binding = isolated || spec.isolationMode() == IsolationMode.ISOLATED
                ? apis.bindings().get(catalog.name()).flatMap(bindings -> Mono.justOrEmpty(bindings.get(workspaceId)))
                : Mono.empty();
        return binding.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()).flatMap(bound -> {
            boolean readable = !isolated || bound.isPresent();
            Mono<Set<String>> schemas = readable
                    ? apis.schemas().list(catalog.name()).map(names -> names.stream().map(UnityCatalogNames::key)
                            .collect(Collectors.toCollection(TreeSet::new)))
                    : Mono.empty();
            return schemas.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .map(found -> new CatalogState.Existing(catalog.name(), catalog.comment(), catalog.isolationMode(),
                            bound.orElse(null), found.orElse(null)));
        });
    }
}
