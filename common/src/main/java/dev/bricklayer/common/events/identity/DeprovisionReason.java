package dev.bricklayer.common.events.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a user lost access to a workspace. */
public enum DeprovisionReason {
    /** The person left ({@code UserLeft}): the user is deactivated. */
    @JsonProperty("left") LEFT,
    /** After a move, no access rule maps the person to this workspace any more. */
    @JsonProperty("no-longer-entitled") NO_LONGER_ENTITLED
}
