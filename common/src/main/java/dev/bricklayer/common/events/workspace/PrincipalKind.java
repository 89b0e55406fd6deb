package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kind of principal of a permission; matches the Permissions API's {@code user_name | group_name | service_principal_name}. */
public enum PrincipalKind {
    @JsonProperty("user") USER,
    @JsonProperty("group") GROUP,
    @JsonProperty("service_principal") SERVICE_PRINCIPAL
}
