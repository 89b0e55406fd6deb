package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Azure Databricks workspace SKU ({@code sku.name}); IP access lists need {@link #PREMIUM}. Wire: lower case. */
public enum PricingTier {
    @JsonProperty("premium") PREMIUM,
    @JsonProperty("standard") STANDARD,
    @JsonProperty("trial") TRIAL
}
