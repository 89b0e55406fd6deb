package dev.bricklayer.emulator.workspace.scim;

import java.util.Optional;

import org.springframework.web.reactive.function.server.ServerRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bricklayer.emulator.workspace.IdentityStore;

/**
 * What sets one SCIM API apart from another ({@link ScimEndpoints} serves both): a workspace's
 * ({@code /api/2.0/preview/scim/v2}) and an account's ({@code /api/2.0/accounts/{account_id}/scim/v2}) — whose
 * store, who may write, how a resource is shown, what a duplicate is called, which attributes and filters are refused,
 * and how an identity-federated workspace hands users and service principals to its account.
 */
public interface ScimDialect {

    /** The path the resource types hang under. */
    String base();

    IdentityStore identities(ServerRequest request);

    /** Refuses a caller who may not write (create, replace, patch, delete). */
    void requireWriter(ServerRequest request);

    /** A copy of {@code resource} as this API shows it ({@code listing}: in a list, else read by id). */
    ObjectNode render(ServerRequest request, IdentityStore identities, ObjectNode resource, ScimResourceType type, boolean listing);

    /** The {@code detail} of 409 for a duplicate. */
    String duplicateDetail(ScimResourceType type, String unique);

    /** Refuses a body (create, replace) or PATCH operation carrying an attribute this API does not manage. */
    void checkAttributes(ScimResourceType type, JsonNode values);

    /** The largest number of nodes a list filter may have; 0 for any. */
    int filterNodeLimit();

    /** Completes a resource just made here from its request (the account derives a user's {@code name}). */
    default void complete(ScimResourceType type, ObjectNode created) {
    }

    /** Refuses a create beyond what the store may hold. */
    default void requireRoomFor(IdentityStore identities, ScimResourceType type) {
    }

    /**
     * Creates a user or service principal somewhere else first (a federated workspace: in its account) and answers the
     * resource as kept in {@code identities}; empty to create it in {@code identities} as usual.
     */
    default Optional<ObjectNode> createElsewhere(ServerRequest request, ScimResourceType type, String unique, ObjectNode body) {
        return Optional.empty();
    }

    /** Refuses a change of {@code resource} this API may not make ({@code operations}: a PATCH's, null for a PUT). */
    default void checkChange(IdentityStore identities, ObjectNode resource, JsonNode operations) {
    }

    /** Refuses a new member this API may not add to a group. */
    default void checkMember(IdentityStore identities, String memberId) {
    }

    /** Deletes {@code id} its own way and answers true, or answers false to let it be deleted from {@code identities}. */
    default boolean deleteElsewhere(ServerRequest request, IdentityStore identities, String id) {
        return false;
    }

    /** After a successful write. */
    default void changed(ServerRequest request) {
    }

    /** The body of a successful PATCH, given the resource as it is now. */
    default Object patched(ObjectNode rendered) {
        return rendered;
    }
}
