package dev.bricklayer.token.tokens;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A personal access token as token management lists it ({@code TokenInfo}; the Token API's own
 * {@code PublicTokenInfo} is the subset without the creator and owner). Never holds a token value.
 *
 * @param tokenId           {@code token_id}
 * @param creationTime      {@code creation_time}, epoch ms
 * @param expiryTime        {@code expiry_time}, epoch ms; {@value #NEVER} = never expires
 * @param comment           {@code comment}
 * @param createdById       {@code created_by_id}, the SCIM id of whoever created it
 * @param createdByUsername {@code created_by_username}
 * @param ownerId           {@code owner_id}, the SCIM id of the owner (differs from the creator for on-behalf-of tokens)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenInfo(
        @JsonProperty("token_id") String tokenId,
        @JsonProperty("creation_time") long creationTime,
        @JsonProperty("expiry_time") long expiryTime,
        @JsonProperty("comment") String comment,
        @JsonProperty("created_by_id") Long createdById,
        @JsonProperty("created_by_username") String createdByUsername,
        @JsonProperty("owner_id") Long ownerId) {

    /** {@code expiry_time} of a token that never expires. */
    public static final long NEVER = -1;

    public boolean neverExpires() {
        return expiryTime == NEVER;
    }

    /** Whether the owner is someone other than the creator (an on-behalf-of token of a service principal). */
    public boolean ownedByAnother() {
        return ownerId != null && createdById != null && !ownerId.equals(createdById);
    }
}
