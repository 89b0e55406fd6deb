package dev.bricklayer.common.events.workspace;

/** How a workspace is bound to an isolated catalog ({@code binding_type}). */
public enum BindingType {
    BINDING_TYPE_READ_WRITE,
    BINDING_TYPE_READ_ONLY
}
