package dev.bricklayer.common.events.workspace;

/** A Unity Catalog catalog's {@code isolation_mode}: readable from every workspace, or only from those bound to it. */
public enum IsolationMode {
    OPEN,
    ISOLATED
}
