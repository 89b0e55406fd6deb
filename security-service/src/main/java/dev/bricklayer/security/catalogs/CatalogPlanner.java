package dev.bricklayer.security.catalogs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.rules.UnityCatalogNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Plans the Unity Catalog catalogs of a workspace against what was read, pure: a missing catalog is created (a create
 * refused because it exists by now is read back and adopted); of an existing one, in this order, this workspace's
 * binding (only for an {@code ISOLATED} catalog; also, without a difference of its own, where the workspace must be
 * bound to read an isolated catalog it is to open), missing schemas (created; those of a catalog the workspace could not
 * read are listed and made right after the binding), the comment, and the isolation mode ({@code PATCH}:
 * {@code isolation_mode} is not a create field) — binding before isolating, so the workspace never loses the catalog.
 * Catalogs and schemas no longer desired are left in place (they may hold data); so are other workspaces' bindings.
 */
public final class CatalogPlanner {

    public static final String CATALOG = "catalog";
    public static final String SCHEMA = "schema";

    /** One write of a catalog's convergence, with the differences it removes (none for a write that only enables others). */
    private record Step(List<DriftEntry> entries, Function<CatalogApis, Mono<Void>> call) {
    }

    /** The writes, one per catalog that differs, in the desired order. */
    public List<CatalogWrite> plan(List<CatalogSpec> desired, CatalogState actual) {
        List<CatalogWrite> writes = new ArrayList<>();
        for (CatalogSpec spec : desired) {
            CatalogState.Existing existing = actual.catalog(spec.name()).orElse(null);
            if (existing == null) {
                writes.add(new CatalogWrite(spec.name(), List.of(new DriftEntry(CATALOG, spec.name(), "*", describe(spec), null)),
                        apis -> create(apis, spec, actual.workspaceId())));
                continue;
            }
            List<Step> steps = steps(spec, existing, actual.workspaceId());
            List<DriftEntry> entries = steps.stream().flatMap(step -> step.entries().stream()).toList();
            if (!entries.isEmpty()) {
                writes.add(new CatalogWrite(spec.name(), entries, apis -> run(apis, steps)));
            }
        }
        return writes;
    }

    private static List<Step> steps(CatalogSpec spec, CatalogState.Existing actual, long workspaceId) {
        List<Step> steps = new ArrayList<>();
        String name = actual.name();
        String binding = spec.binding().name();
        boolean isolate = spec.isolationMode() == IsolationMode.ISOLATED;
        if (isolate && !binding.equals(actual.binding())) {
            steps.add(new Step(List.of(new DriftEntry(CATALOG, spec.name(), "binding", binding, actual.binding())),
                    apis -> apis.bindings().bind(name, workspaceId, binding)));
        } else if (!actual.readable()) {
            steps.add(new Step(List.of(), apis -> apis.bindings().bind(name, workspaceId, binding))); // to reach it at all
        }
        if (actual.schemas() == null) {
            steps.add(new Step(List.of(), apis -> apis.schemas().list(name).flatMap(present -> createSchemas(apis, name,
                    missing(spec, present)))));
        } else {
            for (String schema : missing(spec, actual.schemas())) {
                steps.add(new Step(List.of(new DriftEntry(SCHEMA, spec.name() + "." + schema, "*", "present", null)),
                        apis -> apis.schemas().create(name, schema)));
            }
        }
        if (spec.comment() != null && !spec.comment().equals(actual.comment())) {
            steps.add(new Step(List.of(new DriftEntry(CATALOG, spec.name(), "comment", spec.comment(), actual.comment())),
                    apis -> apis.catalogs().update(name, Map.of("comment", spec.comment())).then()));
        }
        if (!spec.isolationMode().name().equals(actual.isolationMode())) {
            steps.add(new Step(List.of(new DriftEntry(CATALOG, spec.name(), "isolation_mode", spec.isolationMode().name(),
                    actual.isolationMode())),
                    apis -> apis.catalogs().update(name, Map.of("isolation_mode", spec.isolationMode().name())).then()));
        }
        return steps;
    }

    /**
     * Creates the catalog (OPEN, with Unity Catalog's {@code default} schema), then converges it as an existing one. A
     * create refused because it exists by now (409 {@code CATALOG_ALREADY_EXISTS}) is read back and adopted.
     */
    private static Mono<Void> create(CatalogApis apis, CatalogSpec spec, long workspaceId) {
        return apis.catalogs().create(spec.name(), spec.comment())
                .map(created -> new CatalogState.Existing(created.name() == null ? spec.name() : created.name(), created.comment(),
                        created.isolationMode(), null, Set.of("default")))
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adopt(apis, spec, workspaceId, e) : Mono.error(e))
                .flatMap(existing -> run(apis, steps(spec, existing, workspaceId)));
    }

    private static Mono<CatalogState.Existing> adopt(CatalogApis apis, CatalogSpec spec, long workspaceId, ApiException conflict) {
        return CatalogReader.read(apis, List.of(spec))
                .flatMap(state -> Mono.justOrEmpty(state.catalog(spec.name())))
                .switchIfEmpty(Mono.error(conflict));
    }

    private static Mono<Void> run(CatalogApis apis, List<Step> steps) {
        return Flux.fromIterable(steps).concatMap(step -> step.call().apply(apis)).then();
    }

    private static Mono<Void> createSchemas(CatalogApis apis, String catalog, List<String> schemas) {
        return Flux.fromIterable(schemas).concatMap(schema -> apis.schemas().create(catalog, schema)).then();
    }

    private static List<String> missing(CatalogSpec spec, java.util.Collection<String> present) {
        Set<String> have = new TreeSet<>();
        present.forEach(schema -> have.add(UnityCatalogNames.key(schema)));
        return spec.schemas().stream().filter(schema -> !have.contains(UnityCatalogNames.key(schema))).toList();
    }

    /** {@code ISOLATED, BINDING_TYPE_READ_WRITE, schemas [raw, curated]} — as a drift entry shows the desired catalog. */
    static String describe(CatalogSpec spec) {
        return spec.isolationMode() + (spec.isolationMode() == IsolationMode.ISOLATED ? ", " + spec.binding() : "")
                + ", schemas " + spec.schemas() + (spec.comment() == null ? "" : ", comment " + spec.comment());
    }
}
