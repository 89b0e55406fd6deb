package dev.bricklayer.common.correlation;

import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * The correlation id of the work the current thread is doing: set from the incoming event's
 * {@code ce_correlationid} (or a REST request's header), read by every outgoing event and HTTP call,
 * and present in every log line through the MDC key {@value #MDC_KEY}.
 */
public final class Correlation {

    /** MDC key and Reactor context key. */
    public static final String MDC_KEY = "correlationId";

    /** HTTP header carrying the correlation id on REST requests into Bricklayer and calls out of it. */
    public static final String HEADER = "X-Correlation-Id";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Correlation() {
    }

    /** The current correlation id, or {@code null} when none is set. */
    public static String current() {
        return CURRENT.get();
    }

    /** The current correlation id, or a new random one when none is set. */
    public static String currentOrNew() {
        String id = CURRENT.get();
        return id != null ? id : UUID.randomUUID().toString();
    }

    /** Runs {@code work} with {@code correlationId} as the current id, restoring the previous one after. */
    public static <T> T with(String correlationId, Supplier<T> work) {
        String previous = CURRENT.get();
        set(correlationId);
        try {
            return work.get();
        } finally {
            set(previous);
        }
    }

    /** Runs {@code work} with {@code correlationId} as the current id, restoring the previous one after. */
    public static void run(String correlationId, Runnable work) {
        with(correlationId, () -> {
            work.run();
            return null;
        });
    }

    private static void set(String id) {
        if (id == null) {
            CURRENT.remove();
            MDC.remove(MDC_KEY);
        } else {
            CURRENT.set(id);
            MDC.put(MDC_KEY, id);
        }
    }
}
