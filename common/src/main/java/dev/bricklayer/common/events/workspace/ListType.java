package dev.bricklayer.common.events.workspace;

/** Type of an IP access list, as the Databricks API spells it ({@code list_type}). */
public enum ListType {
    ALLOW,
    BLOCK
}
