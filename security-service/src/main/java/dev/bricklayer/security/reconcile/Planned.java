package dev.bricklayer.security.reconcile;

import java.util.ArrayList;
import java.util.List;

import dev.bricklayer.common.events.security.DriftEntry;
import dev.bricklayer.security.catalogs.CatalogState;
import dev.bricklayer.security.catalogs.CatalogWrite;
import dev.bricklayer.security.changes.ApplyContext;
import dev.bricklayer.security.changes.Change;
import dev.bricklayer.security.ipaccess.IpAccessListReconciler;

/**
 * The comparison of one pass: the context and clients of its writes, and what to write, in order — lists, policies,
 * clusters, catalogs.
 *
 * @param catalogState  the workspace's metastore and the desired catalogs as read
 * @param catalogWrites the catalogs that differ, with their writes ({@link #catalogs} are the same as changes)
 */
record Planned(ApplyContext context, WorkspaceApis apis, IpAccessListReconciler.Plan lists, List<Change> policies,
               List<Change> clusters, CatalogState catalogState, List<CatalogWrite> catalogWrites) {

    static final String CATALOGS = "catalogs";

    /** The catalog writes as changes of the pass (step {@value #CATALOGS}). */
    List<Change> catalogs() {
        return catalogWrites.stream().map(write -> new Change(CATALOGS, write.entries(),
                context -> context.await(write.action().apply(apis.catalogs())))).toList();
    }

    List<DriftEntry> entries() {
        List<DriftEntry> entries = new ArrayList<>();
        lists.changes().forEach(change -> entries.addAll(change.entries()));
        policies.forEach(change -> entries.addAll(change.entries()));
        clusters.forEach(change -> entries.addAll(change.entries()));
        catalogWrites.forEach(write -> entries.addAll(write.entries()));
        return entries;
    }
}
