package dev.bricklayer.emulator.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;

/**
 * The catalogs, schemas and tables of one metastore ({@code CatalogInfo} and {@code SchemaInfo} JSON, reference §7.8.2–3)
 * and the workspace bindings of its catalogs (§7.8.5). A new catalog is {@code OPEN} and comes with a {@code default}
 * schema. Names are compared as Unity Catalog compares them, in lower case. Every method locks the store; what one hands
 * out is a copy.
 */
final class CatalogStore {

    static final String READ_WRITE = "BINDING_TYPE_READ_WRITE";
    static final String READ_ONLY = "BINDING_TYPE_READ_ONLY";
    private static final Pattern INVALID_NAME = Pattern.compile("[\\s./\\p{Cntrl}]");

    private final String metastoreId;
    private final int notFoundStatus;
    private final Map<String, ObjectNode> catalogs = new LinkedHashMap<>();
    private final Map<String, Map<Long, String>> bindings = new LinkedHashMap<>();
    private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();
    private final Set<String> tables = new LinkedHashSet<>();

    CatalogStore(String metastoreId, int notFoundStatus) {
        this.metastoreId = metastoreId;
        this.notFoundStatus = notFoundStatus;
    }

    static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** 400 {@code INVALID_PARAMETER_VALUE} for a name with spaces, periods, slashes or control characters (or none). */
    static void requireValidName(String rpc, String field, String name) {
        if (name == null || name.isEmpty() || INVALID_NAME.matcher(name).find()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Invalid input: RPC " + rpc + " Field " + field
                    + ": name \"" + (name == null ? "" : name) + "\" is not a valid name. Valid names cannot contain spaces, "
                    + "periods, forward slashes, or control characters.");
        }
    }

    synchronized ObjectNode createCatalog(ObjectNode request, String owner, long now) {
        String name = request.path("name").asText("");
        requireValidName("CreateCatalog", "managedcatalog.CatalogInfo.name", name);
        if (catalogs.containsKey(key(name))) {
            throw EmulatorException.databricks(409, "CATALOG_ALREADY_EXISTS", "Catalog '" + name + "' already exists.");
        }
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("name", name);
        info.put("full_name", name);
        copy(request, info, "comment", "properties", "options", "storage_root");
        info.put("owner", owner);
        info.put("isolation_mode", "OPEN");
        info.put("catalog_type", "MANAGED_CATALOG");
        info.put("securable_type", "CATALOG");
        info.put("metastore_id", metastoreId);
        info.put("browse_only", false);
        stamp(info, owner, now, true);
        catalogs.put(key(name), info);
        ObjectNode defaultSchema = JsonNodeFactory.instance.objectNode().put("catalog_name", name).put("name", "default");
        defaultSchema.put("comment", "Default schema (auto-created)");
        createSchema(defaultSchema, owner, now);
        return info.deepCopy();
    }

    synchronized Optional<ObjectNode> catalog(String name) {
        return Optional.ofNullable(catalogs.get(key(name))).map(ObjectNode::deepCopy);
    }

    /** The catalog, or {@code CATALOG_DOES_NOT_EXIST}. */
    synchronized ObjectNode requireCatalog(String name) {
        return catalog(name).orElseThrow(() -> EmulatorException.databricks(notFoundStatus, "CATALOG_DOES_NOT_EXIST",
                "Catalog '" + name + "' does not exist."));
    }

    synchronized List<ObjectNode> catalogs() {
        return catalogs.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Changes a catalog (comment, owner, isolation mode, properties, options, predictive optimization, new name). */
    synchronized ObjectNode updateCatalog(String name, ObjectNode changes, String by, long now) {
        ObjectNode info = catalogs.get(key(requireCatalog(name).get("name").asText()));
        copy(changes, info, "comment", "owner", "properties", "options", "enable_predictive_optimization", "isolation_mode");
        String newName = changes.path("new_name").asText("");
        if (!newName.isEmpty() && !newName.equals(info.get("name").asText())) {
            requireValidName("UpdateCatalog", "new_name", newName);
            if (catalogs.containsKey(key(newName))) {
                throw EmulatorException.databricks(409, "CATALOG_ALREADY_EXISTS", "Catalog '" + newName + "' already exists.");
            }
            String old = info.get("name").asText();
            catalogs.remove(key(old));
            info.put("name", newName).put("full_name", newName);
            catalogs.put(key(newName), info);
            bindings.put(key(newName), bindings.getOrDefault(key(old), new LinkedHashMap<>()));
            bindings.remove(key(old));
            List<ObjectNode> moved = new ArrayList<>(schemas.values().stream()
                    .filter(s -> key(s.get("catalog_name").asText()).equals(key(old))).toList());
            moved.forEach(s -> {
                schemas.remove(key(s.get("full_name").asText()));
                s.put("catalog_name", newName).put("full_name", newName + "." + s.get("name").asText());
                schemas.put(key(s.get("full_name").asText()), s);
            });
        }
        stamp(info, by, now, false);
        return info.deepCopy();
    }

    /** Deletes a catalog; without {@code force} only when it has no schema but {@code default} ({@code CATALOG_NOT_EMPTY}, [K] 400). */
    synchronized void deleteCatalog(String name, boolean force) {
        String catalog = key(requireCatalog(name).get("name").asText());
        List<String> own = schemas.keySet().stream().filter(k -> k.startsWith(catalog + ".")).toList();
        if (!force && own.stream().anyMatch(k -> !k.equals(catalog + ".default"))) {
            throw EmulatorException.databricks(400, "CATALOG_NOT_EMPTY", "Catalog '" + name + "' is not empty.");
        }
        own.forEach(schemas::remove);
        tables.removeIf(t -> t.startsWith(catalog + "."));
        catalogs.remove(catalog);
        bindings.remove(catalog);
    }

    synchronized ObjectNode createSchema(ObjectNode request, String owner, long now) {
        String catalogName = request.path("catalog_name").asText("");
        String name = request.path("name").asText("");
        ObjectNode catalog = requireCatalog(catalogName);
        requireValidName("CreateSchema", "managedcatalog.SchemaInfo.name", name);
        String fullName = catalog.get("name").asText() + "." + name;
        if (schemas.containsKey(key(fullName))) {
            throw EmulatorException.databricks(409, "SCHEMA_ALREADY_EXISTS", "Schema '" + fullName + "' already exists.");
        }
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("name", name);
        info.put("catalog_name", catalog.get("name").asText());
        info.put("full_name", fullName);
        copy(request, info, "comment", "properties", "storage_root");
        info.put("owner", owner);
        info.put("catalog_type", "MANAGED_CATALOG");
        info.put("metastore_id", metastoreId);
        info.put("schema_id", UUID.randomUUID().toString());
        info.put("browse_only", false);
        stamp(info, owner, now, true);
        schemas.put(key(fullName), info);
        return info.deepCopy();
    }

    /** The schema, or {@code SCHEMA_DOES_NOT_EXIST} ({@code Schema 'main.x' does not exist.}). */
    synchronized ObjectNode requireSchema(String fullName) {
        ObjectNode schema = schemas.get(key(fullName));
        if (schema == null) {
            throw EmulatorException.databricks(notFoundStatus, "SCHEMA_DOES_NOT_EXIST", "Schema '" + fullName + "' does not exist.");
        }
        return schema.deepCopy();
    }

    synchronized List<ObjectNode> schemas(String catalogName) {
        String catalog = key(requireCatalog(catalogName).get("name").asText());
        return schemas.values().stream().filter(s -> key(s.get("catalog_name").asText()).equals(catalog))
                .map(ObjectNode::deepCopy).toList();
    }

    synchronized ObjectNode updateSchema(String fullName, ObjectNode changes, String by, long now) {
        ObjectNode info = schemas.get(key(requireSchema(fullName).get("full_name").asText()));
        copy(changes, info, "comment", "owner", "properties", "enable_predictive_optimization");
        stamp(info, by, now, false);
        return info.deepCopy();
    }

    /** Deletes a schema; without {@code force} only when it holds no table ({@code SCHEMA_NOT_EMPTY}, [K] 400). */
    synchronized void deleteSchema(String fullName, boolean force) {
        String schema = key(requireSchema(fullName).get("full_name").asText());
        if (!force && tables.stream().anyMatch(t -> t.startsWith(schema + "."))) {
            throw EmulatorException.databricks(400, "SCHEMA_NOT_EMPTY", "Schema '" + fullName + "' is not empty.");
        }
        tables.removeIf(t -> t.startsWith(schema + "."));
        schemas.remove(schema);
    }

    /** Records a table made elsewhere (SQL, a pipeline): the emulator has no tables API. */
    synchronized void addTable(String fullName) {
        String[] parts = fullName.split("\\.");
        if (parts.length != 3) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "A table's full name is catalog.schema.table: " + fullName);
        }
        requireSchema(parts[0] + "." + parts[1]);
        tables.add(key(fullName));
    }

    synchronized void requireTable(String fullName) {
        if (!tables.contains(key(fullName))) {
            throw EmulatorException.databricks(notFoundStatus, "TABLE_DOES_NOT_EXIST", "Table '" + fullName + "' does not exist.");
        }
    }

    /** The catalog's bindings: workspace id → binding type. */
    synchronized Map<Long, String> bindings(String catalogName) {
        return new LinkedHashMap<>(bindings.getOrDefault(key(requireCatalog(catalogName).get("name").asText()), Map.of()));
    }

    /** Adds (or changes the type of) and removes bindings; the catalog's bindings after. */
    synchronized Map<Long, String> bind(String catalogName, Map<Long, String> add, Set<Long> remove) {
        String catalog = key(requireCatalog(catalogName).get("name").asText());
        Map<Long, String> current = bindings.computeIfAbsent(catalog, c -> new LinkedHashMap<>());
        current.putAll(add);
        remove.forEach(current::remove);
        return new LinkedHashMap<>(current);
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field) && !from.get(field).isNull()) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }

    private static void stamp(ObjectNode info, String by, long now, boolean created) {
        if (created) {
            info.put("created_at", now);
            info.put("created_by", by);
        }
        info.put("updated_at", now);
        info.put("updated_by", by);
    }
}
