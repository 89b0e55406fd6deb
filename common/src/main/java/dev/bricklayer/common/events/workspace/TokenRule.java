package dev.bricklayer.common.events.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The conditions a token sweep checks personal access tokens against. */
public enum TokenRule {
    /** The token never expires ({@code expiry_time = -1}). */
    @JsonProperty("no-expiry") NO_EXPIRY,
    /** The token's lifetime is longer than the policy's maximum lifetime. */
    @JsonProperty("exceeds-max-lifetime") EXCEEDS_MAX_LIFETIME,
    /** The token's owner is deactivated or has left. */
    @JsonProperty("owner-inactive") OWNER_INACTIVE,
    /** The token expires within the policy's near-expiry window. */
    @JsonProperty("near-expiry") NEAR_EXPIRY
}
