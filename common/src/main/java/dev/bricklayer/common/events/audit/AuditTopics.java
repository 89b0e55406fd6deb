package dev.bricklayer.common.events.audit;

import java.util.List;

/** Kafka topics of the audit area. */
public final class AuditTopics {

    /** {@code ApiCallStarted} / {@code ApiCallCompleted} from every service's outbound HTTP stack. Key: workspace (or host). */
    public static final String API_CALLS = "bricklayer.audit.api-calls";

    /** Sealed audit records (with sequence number and hash) republished by audit-service for compliance. Key: workspace. */
    public static final String LOG = "bricklayer.audit.log";

    /** The event types {@link #API_CALLS} carries; anything else on it is refused. */
    public static final List<Class<?>> API_CALL_TYPES = List.of(ApiCallStarted.class, ApiCallCompleted.class);

    private AuditTopics() {
    }
}
