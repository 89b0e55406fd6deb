package dev.bricklayer.workspace.blueprint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.bricklayer.common.events.workspace.BindingType;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.events.workspace.UnityCatalogSpec;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.rules.UnityCatalogNames;

/**
 * The rules of a desired state's {@code unityCatalog}: catalog and schema names Unity Catalog accepts
 * ({@link UnityCatalogNames}, reference §7.8.2), unique as Unity Catalog compares them (in lower case) and not the names
 * every metastore or catalog already has; a read-only binding only on an {@code ISOLATED} catalog (bindings count only
 * while a catalog is isolated) and without schemas (a workspace bound read-only cannot create them); a default catalog
 * that is one of the blueprint's, or {@code hive_metastore}.
 */
final class UnityCatalogRules {

    private static final String HIVE_METASTORE = "hive_metastore";

    private UnityCatalogRules() {
    }

    /** Every problem of {@code unityCatalog} (none when it is {@code null}); paths are JSON pointers below {@code at}. */
    static List<FileProblem> check(String file, String at, UnityCatalogSpec unityCatalog) {
        List<FileProblem> problems = new ArrayList<>();
        if (unityCatalog == null) {
            return problems;
        }
        Set<String> catalogs = new HashSet<>();
        for (int i = 0; i < unityCatalog.catalogs().size(); i++) {
            CatalogSpec catalog = unityCatalog.catalogs().get(i);
            String path = at + "/catalogs/" + i;
            String problem = UnityCatalogNames.problem(catalog.name()).orElse(null);
            if (problem != null) {
                problems.add(new FileProblem(file, path + "/name", "catalog-name", problem));
            } else if (UnityCatalogNames.RESERVED_CATALOGS.contains(UnityCatalogNames.key(catalog.name()))) {
                problems.add(new FileProblem(file, path + "/name", "reserved", "every metastore has a catalog '"
                        + UnityCatalogNames.key(catalog.name()) + "'; it cannot be made"));
            } else if (!catalogs.add(UnityCatalogNames.key(catalog.name()))) {
                problems.add(new FileProblem(file, path + "/name", "unique", "catalog '" + catalog.name() + "' is already declared "
                        + "(Unity Catalog names are not case-sensitive)"));
            }
            boolean readOnly = catalog.binding() == BindingType.BINDING_TYPE_READ_ONLY;
            if (readOnly && catalog.isolationMode() == IsolationMode.OPEN) {
                problems.add(new FileProblem(file, path + "/binding", "isolated-only", "a binding only restricts an ISOLATED "
                        + "catalog; an OPEN one is read and written from every workspace of the metastore"));
            }
            if (readOnly && !catalog.schemas().isEmpty()) {
                problems.add(new FileProblem(file, path + "/schemas", "read-only", "a workspace bound read-only cannot create "
                        + "schemas; declare them in the blueprint of a workspace bound read-write"));
            }
            problems.addAll(schemas(file, path + "/schemas", catalog));
        }
        String defaultCatalog = unityCatalog.defaultCatalog();
        if (defaultCatalog != null && !HIVE_METASTORE.equals(UnityCatalogNames.key(defaultCatalog))
                && !catalogs.contains(UnityCatalogNames.key(defaultCatalog))) {
            problems.add(new FileProblem(file, at + "/defaultCatalog", "reference", "no catalog '" + defaultCatalog
                    + "' in this blueprint (nor " + HIVE_METASTORE + ")"));
        }
        return problems;
    }

    private static List<FileProblem> schemas(String file, String at, CatalogSpec catalog) {
        List<FileProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int j = 0; j < catalog.schemas().size(); j++) {
            String schema = catalog.schemas().get(j);
            String problem = UnityCatalogNames.problem(schema).orElse(null);
            if (problem != null) {
                problems.add(new FileProblem(file, at + "/" + j, "schema-name", problem));
            } else if (UnityCatalogNames.RESERVED_SCHEMAS.contains(UnityCatalogNames.key(schema))) {
                problems.add(new FileProblem(file, at + "/" + j, "reserved", "every catalog has a schema '"
                        + UnityCatalogNames.key(schema) + "'; it cannot be made"));
            } else if (!names.add(UnityCatalogNames.key(schema))) {
                problems.add(new FileProblem(file, at + "/" + j, "unique", "schema '" + schema + "' is already declared in catalog '"
                        + catalog.name() + "'"));
            }
        }
        return problems;
    }
}
