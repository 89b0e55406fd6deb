package dev.bricklayer.common.http.budget;

import java.util.function.Supplier;

import reactor.util.context.Context;

/**
 * The class of a call under contention for a workspace's budget, decided by the caller: people's lifecycle first
 * (joiners, movers, leavers, a leaver's token revocation), then onboarding (bootstrap, back-fill, securing a new
 * workspace), then background work (drift passes, token sweeps). A caller names it for the calls made on its thread
 * ({@link #with}, {@link #run}: captured when the request is built) or in the Reactor context ({@link #context()},
 * for calls assembled on other threads); a call that names none is of {@code bricklayer.http.budget.default-priority}.
 */
public enum CallPriority {
    LIFECYCLE,
    ONBOARDING,
    BACKGROUND;

    /** Reactor context key and request attribute name. */
    public static final String KEY = "bricklayer.priority";

    private static final ThreadLocal<CallPriority> CURRENT = new ThreadLocal<>();

    /** The class named on this thread, or {@code null}. */
    public static CallPriority current() {
        return CURRENT.get();
    }

    /** Runs {@code work} with this class for the calls it builds on this thread, restoring the previous one after. */
    public <T> T with(Supplier<T> work) {
        CallPriority previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs {@code work} with this class for the calls it builds on this thread. */
    public void run(Runnable work) {
        with(() -> {
            work.run();
            return null;
        });
    }

    /** A Reactor context naming this class, for {@code contextWrite}. */
    public Context context() {
        return Context.of(KEY, this);
    }
}
