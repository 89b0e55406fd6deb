/**
 * Bricklayer's event contracts: immutable Java records, one per file, past-tense names, in one sub-package per
 * producing area ({@code workspace}, {@code hr}, {@code security}, {@code identity}, {@code token}, {@code audit}),
 * each with a {@code …Topics} class naming its Kafka topics.
 *
 * <ul>
 *   <li>A message's body is the Jackson JSON of the record (property names = record component names, times as
 *       ISO-8601 strings, enums in their wire spelling); CloudEvents attributes travel in Kafka headers.</li>
 *   <li>{@code ce_type} is {@code bricklayer.<area>.<EventName>.v<N>}, see {@link dev.bricklayer.common.events.EventTypes}.</li>
 *   <li>Kafka key: the workspace name for workspace-scoped events (which all carry {@code workspaceName}), the
 *       employee id for people events.</li>
 *   <li>Evolution: add optional (nullable) components; a breaking change is a new record version and {@code ce_type}.</li>
 *   <li>Events from outside Bricklayer ({@code hr.*}, {@code WorkspaceRequested}) also have JSON Schemas, see
 *       {@link dev.bricklayer.common.schema.EventSchemas}.</li>
 * </ul>
 */
package dev.bricklayer.common.events;
