package dev.bricklayer.common.http;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import reactor.core.publisher.Mono;

/** Where the write-ahead audit filter sends its records. Each Mono completes when the record is durable. */
public interface AuditSink {

    Mono<Void> started(ApiCallStarted record);

    Mono<Void> completed(ApiCallCompleted record);
}
