package dev.bricklayer.security.catalogs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A catalog as Unity Catalog answers it ({@code CatalogInfo}), as far as security-service compares it.
 *
 * @param name          its name
 * @param comment       its comment, or {@code null}
 * @param isolationMode {@code OPEN} or {@code ISOLATED} (absent: {@code OPEN})
 * @param metastoreId   the metastore it is in
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogInfo(@JsonProperty("name") String name, @JsonProperty("comment") String comment,
                          @JsonProperty("isolation_mode") String isolationMode, @JsonProperty("metastore_id") String metastoreId) {

    public CatalogInfo {
        isolationMode = isolationMode == null || isolationMode.isEmpty() ? "OPEN" : isolationMode;
    }
}
