package dev.bricklayer.common.http;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.common.events.audit.AuditTopics;
import dev.bricklayer.common.messaging.EventPublisher;
import reactor.core.publisher.Mono;

/** Publishes audit records as CloudEvents to {@link AuditTopics#API_CALLS}, keyed by workspace name. */
public final class EventPublishingAuditSink implements AuditSink {

    private final EventPublisher publisher;

    public EventPublishingAuditSink(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Mono<Void> started(ApiCallStarted record) {
        return publisher.publish(AuditTopics.API_CALLS, key(record.workspace()), record);
    }

    @Override
    public Mono<Void> completed(ApiCallCompleted record) {
        return publisher.publish(AuditTopics.API_CALLS, key(record.workspace()), record);
    }

    /** Both records of a call share a key, so they land in one partition, in order. */
    static String key(String workspace) {
        return workspace != null ? workspace : NO_WORKSPACE_KEY;
    }

    /** Key of calls that concern no workspace (e.g. ARM calls about a resource group). */
    static final String NO_WORKSPACE_KEY = "-";
}
