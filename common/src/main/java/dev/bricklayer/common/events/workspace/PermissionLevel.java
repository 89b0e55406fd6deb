package dev.bricklayer.common.events.workspace;

/** Permission levels of the Databricks Permissions API ({@code permission_level}); which apply depends on the object type. */
public enum PermissionLevel {
    CAN_ATTACH_TO,
    CAN_BIND,
    CAN_CREATE,
    CAN_EDIT,
    CAN_EDIT_METADATA,
    CAN_MANAGE,
    CAN_MANAGE_PRODUCTION_VERSIONS,
    CAN_MANAGE_RUN,
    CAN_MANAGE_STAGING_VERSIONS,
    CAN_MONITOR,
    CAN_QUERY,
    CAN_READ,
    CAN_RESTART,
    CAN_RUN,
    CAN_USE,
    CAN_VIEW,
    IS_OWNER
}
