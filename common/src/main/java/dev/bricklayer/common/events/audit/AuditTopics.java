package dev.bricklayer.common.events.audit;

/** Kafka topics of the audit area. */
public final class AuditTopics {

    /** {@code ApiCallStarted} / {@code ApiCallCompleted} from every service's outbound HTTP stack. Key: workspace (or host). */
    public static final String API_CALLS = "bricklayer.audit.api-calls";

    /** Sealed audit records (with sequence number and hash) republished by audit-service for compliance. Key: workspace. */
    public static final String LOG = "bricklayer.audit.log";

    private AuditTopics() {
    }
}
