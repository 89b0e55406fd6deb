package dev.bricklayer.emulator.faults;

import java.time.Duration;
import java.time.Instant;

/**
 * A fault to inject into matching requests, set through the admin API.
 *
 * @param id          names the rule (journal entries of requests it shaped carry it)
 * @param surface     {@code aad}, {@code arm}, {@code workspace}, or {@code null} for all
 * @param workspace   only requests to this workspace (name), or {@code null}
 * @param method      only this HTTP method, or {@code null}
 * @param pathPattern a regular expression the request path must match (find), or {@code null}
 * @param kind        what to do
 * @param status      the HTTP status of {@link Kind#ERROR}
 * @param errorCode   the error code of {@link Kind#ERROR} (Databricks {@code error_code}, ARM {@code code}, AAD {@code error})
 * @param message     the error message
 * @param latency     the delay of {@link Kind#LATENCY}
 * @param retryAfterSeconds the {@code Retry-After} of {@link Kind#THROTTLE}
 * @param probability share of matching requests affected, 0..1, drawn from a seeded generator (deterministic)
 * @param activeFrom  the rule applies from then on ({@code null}: now)
 * @param activeUntil and until then ({@code null}: for ever) — an outage window
 * @param times       at most this many requests are affected ({@code null}: no limit)
 */
public record FaultRule(String id, String surface, String workspace, String method, String pathPattern, Kind kind,
                        Integer status, String errorCode, String message, Duration latency, Integer retryAfterSeconds,
                        Double probability, Instant activeFrom, Instant activeUntil, Integer times) {

    public enum Kind {
        /** Answer with an error status and body in the surface's format. */
        ERROR,
        /** Delay the request, then serve it. */
        LATENCY,
        /** Close the connection without an answer (TCP reset). */
        RESET,
        /** Answer 429 with {@code Retry-After} (a throttling storm). */
        THROTTLE,
        /** Answer 503 (the service is down) — with {@code activeFrom}/{@code activeUntil}, an outage window. */
        OUTAGE
    }
}
