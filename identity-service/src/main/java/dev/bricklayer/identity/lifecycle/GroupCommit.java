package dev.bricklayer.identity.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

import reactor.core.publisher.Flux;

/**
 * Group commit over a stream of results: {@link #next} waits for at least one and takes every one that has arrived
 * since the last call — no fixed window. While the caller works on what it took (a group PATCH, recording), the
 * stream goes on, and what arrives meanwhile is taken together by the next call. Blocking: for a workspace's worker.
 */
final class GroupCommit<T> {

    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private static final Object END = new Object();
    private boolean ended;

    private GroupCommit() {
    }

    /** Subscribes to {@code results} at once; an error ends the stream like its completion (callers handle errors per item). */
    static <T> GroupCommit<T> of(Flux<T> results) {
        GroupCommit<T> commit = new GroupCommit<>();
        results.subscribe(commit.arrived::add, error -> commit.arrived.add(END), () -> commit.arrived.add(END));
        return commit;
    }

    /** At least one result and at most {@code max}, all that arrived so far; empty once the stream ended and all were taken. */
    @SuppressWarnings("unchecked")
    List<T> next(int max) {
        List<T> taken = new ArrayList<>();
        if (ended) {
            return taken;
        }
        try {
            Object first = arrived.take();
            List<Object> more = new ArrayList<>();
            more.add(first);
            arrived.drainTo(more, max - 1);
            for (Object item : more) {
                if (item == END) {
                    ended = true;
                } else {
                    taken.add((T) item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for SCIM results", e);
        }
        return taken;
    }
}
