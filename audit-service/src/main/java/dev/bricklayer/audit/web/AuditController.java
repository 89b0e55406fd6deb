package dev.bricklayer.audit.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.audit.ledger.AuditTrail;
import dev.bricklayer.audit.ledger.SealedCall;
import dev.bricklayer.audit.ledger.SealedCallRows;
import dev.bricklayer.common.web.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/audit}: query sealed calls by workspace, service, principal, API, method, path, status, outcome,
 * correlation id and time range with paging; export them as CSV or NDJSON, streamed from a database cursor; verify
 * the whole chain.
 */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    static final String CSV_HEADER = "sequence,call_id,service,principal,api,workspace,host,method,path,path_template,attempt,"
            + "correlation_id,started_at,completed_at,status,outcome,error_code,duration_ms,sealed_at,previous_hash,hash,amends\n";

    private final AuditTrail trail;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public AuditController(AuditTrail trail, JdbcTemplate jdbc, ObjectMapper mapper) {
        this.trail = trail;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * The filters of a query or an export, bound from the query string; every one is optional. {@code path} is a
     * prefix; {@code from} (inclusive) and {@code to} (exclusive) are on the sealing time, ISO-8601 instants.
     */
    public record Filters(String workspace, String service, String principal, String api, String method, String path, Integer status,
                          String outcome, String correlationId, Instant from, Instant to) {

        String where(List<Object> args) {
            List<String> clauses = new ArrayList<>();
            add(clauses, args, "workspace = ?", workspace);
            add(clauses, args, "service = ?", service);
            add(clauses, args, "principal = ?", principal);
            add(clauses, args, "api = ?", api);
            add(clauses, args, "method = ?", method == null ? null : method.toUpperCase());
            add(clauses, args, "path like ?", path == null ? null : likePrefix(path));
            add(clauses, args, "status = ?", status);
            add(clauses, args, "outcome = ?", outcome);
            add(clauses, args, "correlation_id = ?", correlationId);
            add(clauses, args, "sealed_at >= ?", from == null ? null : Timestamp.from(from));
            add(clauses, args, "sealed_at < ?", to == null ? null : Timestamp.from(to));
            return String.join(" and ", clauses);
        }

        /** {@code path} as a LIKE prefix: its own {@code %}, {@code _} and {@code \} match themselves. */
        static String likePrefix(String path) {
            return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }

        private static void add(List<String> clauses, List<Object> args, String clause, Object value) {
            if (value != null) {
                clauses.add(clause);
                args.add(value);
            }
        }
    }

    /**
     * A filter that is not a value of its type: a 400 problem ({@code ApiProblems}) naming each field, the value given
     * and what it must be.
     */
    @ExceptionHandler(WebExchangeBindException.class)
    public ResponseEntity<ProblemDetail> badFilter(WebExchangeBindException e, ServerWebExchange exchange) {
        List<Map<String, Object>> errors = e.getFieldErrors().stream().map(field -> error(field.getField(),
                field.getRejectedValue(), field.isBindingFailure() ? rule(field.getField()) : field.getDefaultMessage())).toList();
        return refuse(errors, exchange);
    }

    /** {@code page} or {@code size} that is not a number. */
    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> badParameter(ServerWebInputException e, ServerWebExchange exchange) {
        String name = e.getMethodParameter() == null ? "query" : e.getMethodParameter().getParameterName();
        Object value = e.getCause() instanceof TypeMismatchException mismatch ? mismatch.getValue() : null;
        return refuse(List.of(error(name, value, "must be a whole number")), exchange);
    }

    private static ResponseEntity<ProblemDetail> refuse(List<Map<String, Object>> errors, ServerWebExchange exchange) {
        return ApiProblems.badRequest("invalid query parameters: " + errors.stream().map(error -> error.get("field") + "="
                + error.get("value") + " [" + error.get("rule") + "]").collect(Collectors.joining("; ")), errors, exchange);
    }

    private static Map<String, Object> error(String field, Object value, String rule) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("value", value == null ? null : String.valueOf(value));
        error.put("rule", rule);
        error.put("message", "'" + value + "' is not a value " + field + " can take: it " + rule);
        return error;
    }

    private static String rule(String field) {
        return switch (field) {
            case "from", "to" -> "must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z";
            case "status" -> "must be a whole number (an HTTP status)";
            default -> "must be a value of its type";
        };
    }

    @Operation(summary = "Sealed calls matching the filters, a page at a time, in chain order")
    @GetMapping
    public Mono<Map<String, Object>> query(@ParameterObject @ModelAttribute Filters filters,
                                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        int pageSize = Math.max(1, Math.min(size, 1000));
        return Mono.fromCallable(() -> {
            List<Object> args = new ArrayList<>();
            String where = filters.where(args);
            String clause = where.isBlank() ? "" : " where " + where;
            long total = jdbc.queryForObject("select count(*) from audit_records" + clause, Long.class, args.toArray());
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(pageSize);
            pageArgs.add((long) Math.max(0, page) * pageSize);
            List<SealedCall> records = jdbc.query("select " + SealedCallRows.COLUMNS + " from audit_records" + clause
                    + " order by sequence limit ? offset ?", SealedCallRows::read, pageArgs.toArray());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("page", Math.max(0, page));
            answer.put("size", pageSize);
            answer.put("total", total);
            answer.put("records", records);
            return answer;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Every sealed call matching the filters, streamed as CSV (format=csv) or NDJSON (format=ndjson)")
    @GetMapping("/export")
    public ResponseEntity<Flux<String>> export(@RequestParam(defaultValue = "ndjson") String format,
                                               @ParameterObject @ModelAttribute Filters filters) {
        List<Object> args = new ArrayList<>();
        String where = filters.where(args);
        Flux<SealedCall> calls = trail.cursor(where, args).subscribeOn(Schedulers.boundedElastic());
        if ("csv".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
                    .header("Content-Disposition", "attachment; filename=audit.csv")
                    .body(Flux.concat(Flux.just(CSV_HEADER), calls.map(AuditController::csv)));
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(calls.map(this::ndjson));
    }

    @Operation(summary = "Walk the chain: all N records intact, or the first broken one")
    @GetMapping("/verify")
    public Mono<AuditTrail.Verification> verify() {
        return Mono.fromCallable(trail::verify).subscribeOn(Schedulers.boundedElastic());
    }

    private String ndjson(SealedCall call) {
        try {
            return mapper.writeValueAsString(call) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String csv(SealedCall c) {
        Object[] values = {c.sequence(), c.callId(), c.service(), c.principal(), c.api(), c.workspace(), c.host(), c.method(), c.path(),
                c.pathTemplate(), c.attempt(), c.correlationId(), c.startedAt(), c.completedAt(), c.status(), c.outcome(), c.errorCode(),
                c.durationMillis(), c.sealedAt(), c.previousHash(), c.hash(), c.amends()};
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (values[i] != null) {
                String text = values[i].toString();
                line.append(text.matches(".*[\",\\n\\r].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
        }
        return line.append('\n').toString();
    }
}
