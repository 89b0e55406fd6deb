package dev.bricklayer.common.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;

import dev.bricklayer.common.correlation.Correlation;

/**
 * The error body of every Bricklayer REST API: an RFC 9457 problem detail ({@code application/problem+json}) with
 * {@code type} {@code about:blank}, {@code title} the status phrase, {@code status}, {@code detail} (what was wrong,
 * in one line), {@code instance} (the request path), and two extension members: {@value #ERRORS}, every field that
 * was wrong as {@code {field, rule, message}} with {@code field} a JSON pointer into the body (or the name of a query
 * parameter), and {@value #CORRELATION_ID}, the id the service's log lines about the request carry.
 */
public final class ApiProblems {

    /** Extension member: the field errors. */
    public static final String ERRORS = "errors";
    /** Extension member: the request's correlation id. */
    public static final String CORRELATION_ID = "correlationId";

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    private ApiProblems() {
    }

    /** A problem of {@code status} saying {@code detail}, listing {@code errors} when there are any. */
    public static ProblemDetail of(HttpStatusCode status, String detail, List<?> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty(ERRORS, List.copyOf(errors));
        }
        return problem;
    }

    /**
     * A 400 answer to {@code exchange} saying {@code detail} and listing {@code errors}, for a controller's own
     * {@code @ExceptionHandler}: with {@code instance} and the correlation id, and logged like every refusal.
     */
    public static ResponseEntity<ProblemDetail> badRequest(String detail, List<?> errors, ServerWebExchange exchange) {
        ProblemDetail problem = answer(of(HttpStatus.BAD_REQUEST, detail, errors), exchange, null);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * {@code problem} as the answer to {@code exchange}: the request path as {@code instance} (when not set) and the
     * correlation id are added, and it is logged once — a refusal (4xx) as one WARN line, a failure (5xx) at ERROR
     * with {@code cause}'s stack trace.
     */
    static ProblemDetail answer(ProblemDetail problem, ServerWebExchange exchange, Throwable cause) {
        about(problem, exchange);
        Correlation.run((String) problem.getProperties().get(CORRELATION_ID), () -> {
            if (problem.getStatus() >= 500) {
                log.error("{} {} failed with {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), problem.getStatus(),
                        cause);
            } else {
                log.warn("{} {} refused with {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                        problem.getStatus(), problem.getDetail());
            }
        });
        return problem;
    }

    /** Adds the request path as {@code instance} (when not set) and the correlation id. */
    static ProblemDetail about(ProblemDetail problem, ServerWebExchange exchange) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        problem.setProperty(CORRELATION_ID, correlationId(exchange));
        return problem;
    }

    /**
     * The request's correlation id: the one the correlation filter answered with, or — for a request refused before
     * it got one (a missing token) — the caller's {@value Correlation#HEADER} or a new id, then answered too.
     */
    static String correlationId(ServerWebExchange exchange) {
        String answered = exchange.getResponse().getHeaders().getFirst(Correlation.HEADER);
        if (answered != null) {
            return answered;
        }
        String given = exchange.getRequest().getHeaders().getFirst(Correlation.HEADER);
        String id = given != null && !given.isBlank() && given.length() <= 128 ? given : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(Correlation.HEADER, id);
        return id;
    }
}
