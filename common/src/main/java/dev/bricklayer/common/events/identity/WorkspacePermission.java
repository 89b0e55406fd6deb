package dev.bricklayer.common.events.identity;

/** The permission an account principal is assigned to a workspace with (reference §7.3). */
public enum WorkspacePermission {
    /** A workspace user (member of {@code users}). */
    USER,
    /** A workspace admin (member of {@code admins}). */
    ADMIN
}
