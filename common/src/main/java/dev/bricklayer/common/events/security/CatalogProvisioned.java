package dev.bricklayer.common.events.security;

import java.time.Instant;
import java.util.Objects;

import dev.bricklayer.common.events.workspace.IsolationMode;

/**
 * Published by security-service on {@link SecurityTopics#EVENTS} when a Unity Catalog catalog of the desired state
 * exists in the workspace's metastore with its isolation mode, the workspace bound to it where it is isolated (created,
 * corrected or adopted). identity-service grants the rules' privileges on it. Kafka key: {@code workspaceName}.
 *
 * @param workspaceName the workspace
 * @param catalogName   the catalog
 * @param metastoreId   the metastore it is in
 * @param isolationMode its isolation mode
 * @param occurredAt    when it was provisioned
 */
public record CatalogProvisioned(String workspaceName, String catalogName, String metastoreId, IsolationMode isolationMode,
                                 Instant occurredAt) {

    public CatalogProvisioned {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(catalogName, "catalogName");
        Objects.requireNonNull(metastoreId, "metastoreId");
        Objects.requireNonNull(isolationMode, "isolationMode");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
