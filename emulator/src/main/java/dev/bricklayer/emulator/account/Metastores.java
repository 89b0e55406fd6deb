package dev.bricklayer.emulator.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.server.EmulatorException;

/**
 * The Unity Catalog metastores of an account ({@code MetastoreInfo} JSON, reference §7.4) and which workspace each is
 * assigned to: a workspace has at most one, a region at most one per account ([K]: Azure Databricks' rule of one
 * metastore per region; 400 {@code INVALID_STATE} beyond it). Every method locks the store.
 */
public final class Metastores {

    /** A workspace's metastore assignment. */
    public record Assignment(long workspaceId, String metastoreId, String defaultCatalogName) {
    }

    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
    private final Map<Long, Assignment> assignments = new LinkedHashMap<>();

    static String normalise(String region) {
        return region == null ? "" : region.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** Makes a metastore; its {@code MetastoreInfo}. */
    public synchronized ObjectNode create(String name, String region, String storageRoot, String owner, String createdBy,
                                          long now) {
        if (name == null || name.isBlank()) {
            throw EmulatorException.databricks(400, "INVALID_PARAMETER_VALUE", "Metastore name must be specified.");
        }
        if (inRegion(region).isPresent()) {
            throw EmulatorException.databricks(400, "INVALID_STATE", "This account already has a metastore in region "
                    + normalise(region) + ". Only one metastore per region is allowed.");
        }
        String id = UUID.randomUUID().toString();
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.put("metastore_id", id);
        info.put("name", name);
        info.put("cloud", "azure");
        info.put("region", normalise(region));
        info.put("global_metastore_id", "azure:" + normalise(region) + ":" + id);
        if (storageRoot != null && !storageRoot.isBlank()) {
            info.put("storage_root", storageRoot);
        }
        info.put("owner", owner == null ? "System user" : owner);
        info.put("privilege_model_version", "1.0");
        info.put("delta_sharing_scope", "INTERNAL");
        info.put("external_access_enabled", false);
        info.put("created_at", now);
        info.put("created_by", createdBy);
        info.put("updated_at", now);
        info.put("updated_by", createdBy);
        byId.put(id, info);
        return info.deepCopy();
    }

    public synchronized Optional<ObjectNode> get(String id) {
        return Optional.ofNullable(byId.get(id)).map(ObjectNode::deepCopy);
    }

    /** The metastore, or 404 {@code METASTORE_DOES_NOT_EXIST} ([K] the status, reference §7.8.4). */
    public ObjectNode require(String id) {
        return get(id).orElseThrow(() -> EmulatorException.databricks(404, "METASTORE_DOES_NOT_EXIST",
                "Metastore '" + id + "' does not exist."));
    }

    public synchronized List<ObjectNode> all() {
        return byId.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized Optional<ObjectNode> inRegion(String region) {
        return byId.values().stream().filter(m -> m.path("region").asText().equals(normalise(region))).findFirst()
                .map(ObjectNode::deepCopy);
    }

    /** Changes a metastore's updatable fields; its new {@code MetastoreInfo}. */
    public synchronized ObjectNode update(String id, ObjectNode changes, String updatedBy, long now) {
        ObjectNode info = byId.get(require(id).get("metastore_id").asText());
        for (String field : List.of("owner", "delta_sharing_scope", "delta_sharing_organization_name",
                "delta_sharing_recipient_token_lifetime_in_seconds", "privilege_model_version", "storage_root_credential_id",
                "external_access_enabled")) {
            if (changes.has(field) && !changes.get(field).isNull()) {
                info.set(field, changes.get(field));
            }
        }
        if (changes.hasNonNull("new_name")) {
            info.put("name", changes.get("new_name").asText());
        }
        info.put("updated_at", now);
        info.put("updated_by", updatedBy);
        return info.deepCopy();
    }

    /** Deletes a metastore and its assignments. */
    public synchronized void delete(String id) {
        require(id);
        byId.remove(id);
        assignments.values().removeIf(a -> a.metastoreId().equals(id));
    }

    /** The default catalog of an assignment made without one ([K]: the legacy default, {@code hive_metastore}). */
    static final String DEFAULT_CATALOG = "hive_metastore";

    /** Assigns (or re-assigns: the earlier assignment is overwritten) a metastore to a workspace. */
    public synchronized void assign(long workspaceId, String metastoreId, String defaultCatalogName) {
        require(metastoreId);
        assignments.put(workspaceId, new Assignment(workspaceId, metastoreId, orDefault(defaultCatalogName)));
    }

    private static String orDefault(String defaultCatalogName) {
        return defaultCatalogName == null || defaultCatalogName.isBlank() ? DEFAULT_CATALOG : defaultCatalogName;
    }

    /** Changes an assignment's metastore or default catalog (null: unchanged); 404 when there is none. */
    public synchronized Assignment updateAssignment(long workspaceId, String metastoreId, String defaultCatalogName) {
        Assignment current = requireAssignment(workspaceId);
        if (metastoreId != null && !metastoreId.isBlank()) {
            require(metastoreId);
        }
        Assignment changed = new Assignment(workspaceId, metastoreId != null && !metastoreId.isBlank() ? metastoreId
                : current.metastoreId(), defaultCatalogName != null ? defaultCatalogName : current.defaultCatalogName());
        assignments.put(workspaceId, changed);
        return changed;
    }

    public synchronized boolean unassign(long workspaceId) {
        return assignments.remove(workspaceId) != null;
    }

    public synchronized Optional<Assignment> assignment(long workspaceId) {
        return Optional.ofNullable(assignments.get(workspaceId));
    }

    /** The assignment, or 404 {@code METASTORE_DOES_NOT_EXIST} (reference §7.8.1; [K] the status). */
    public Assignment requireAssignment(long workspaceId) {
        return assignment(workspaceId).orElseThrow(() -> EmulatorException.databricks(404, "METASTORE_DOES_NOT_EXIST",
                "Default metastore is not assigned to the workspace."));
    }

    public synchronized List<Long> workspacesOf(String metastoreId) {
        List<Long> ids = new ArrayList<>();
        assignments.values().stream().filter(a -> a.metastoreId().equals(metastoreId)).forEach(a -> ids.add(a.workspaceId()));
        return ids;
    }
}
