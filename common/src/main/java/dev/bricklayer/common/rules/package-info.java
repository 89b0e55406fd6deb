/**
 * Rules of the Databricks APIs that more than one service checks before calling them: the address forms IP access
 * lists accept ({@link dev.bricklayer.common.rules.Ipv4Addresses}), the cluster policy rule language
 * ({@link dev.bricklayer.common.rules.ClusterPolicyRules}) and Unity Catalog's names
 * ({@link dev.bricklayer.common.rules.UnityCatalogNames}). Value checks only; no service logic.
 */
package dev.bricklayer.common.rules;
