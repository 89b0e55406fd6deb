package dev.bricklayer.security.changes;

/**
 * Where the ids of the IP access lists Bricklayer created or adopted in one workspace are kept: what the list writes
 * record through {@link ApplyContext}, kept by {@code state}'s store.
 */
public interface ManagedLists {

    void remember(String listId, String label, String listType);

    void forget(String listId);
}
