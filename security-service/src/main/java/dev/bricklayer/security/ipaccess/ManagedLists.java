package dev.bricklayer.security.ipaccess;

/** Where the ids of the IP access lists Bricklayer created or adopted in one workspace are kept. */
public interface ManagedLists {

    void remember(String listId, String label, String listType);

    void forget(String listId);
}
