package dev.bricklayer.audit.ledger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;

/**
 * The audit store: the started and completed records of a call meet in {@code pending_calls}; a call with both is
 * sealed into {@code audit_records}, the append-only chain, in one transaction per batch that holds the chain head:
 * each record gets the next sequence and a SHA-256 hash over the previous hash and its canonical content. A call
 * already sealed is never sealed again (redelivery), and a call whose completion does not come within the
 * configured time is sealed as {@code OUTCOME_UNKNOWN}. When the missing half of a call sealed without it arrives
 * after all, one more record is sealed — the whole call, {@code amends} naming the first — and nothing is dropped.
 * The ledger also keeps the log cursor: which sealed records have been republished. Reading the chain is
 * {@link AuditTrail}'s.
 */
public class AuditLedger {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper mapper;
    private final Clock clock;

    /** @param clock when records are first seen and sealed, and when a call counts as never completed */
    public AuditLedger(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Records a batch of started/completed records and seals every call that is now complete; the sealed calls. A call
     * whose two records are both in the batch (the common case) is sealed straight away; a lone record waits in
     * {@code pending_calls} for its other half. Records of calls already sealed (redelivery) are dropped.
     */
    public List<SealedCall> ingest(List<Object> records) {
        return transactions.execute(status -> {
            Map<String, JsonNode[]> calls = new LinkedHashMap<>();
            for (Object record : records) {
                if (record instanceof ApiCallStarted s) {
                    calls.computeIfAbsent(s.callId(), id -> new JsonNode[2])[0] = mapper.valueToTree(s);
                } else if (record instanceof ApiCallCompleted c) {
                    calls.computeIfAbsent(c.callId(), id -> new JsonNode[2])[1] = mapper.valueToTree(c);
                }
            }
            if (calls.isEmpty()) {
                return List.of();
            }
            List<Ready> amendments = amendments(calls);
            Timestamp now = Timestamp.from(clock.instant());
            List<String> whole = new ArrayList<>();
            List<Object[]> started = new ArrayList<>();
            List<Object[]> completed = new ArrayList<>();
            calls.forEach((id, halves) -> {
                if (halves[0] != null && halves[1] != null) {
                    whole.add(id);
                } else if (halves[0] != null) {
                    started.add(new Object[] {id, halves[0].toString(), now});
                } else {
                    completed.add(new Object[] {id, halves[1].toString(), now});
                }
            });
            jdbc.batchUpdate("insert into pending_calls (call_id, started, first_seen) values (?, ?::jsonb, ?) "
                    + "on conflict (call_id) do update set started = coalesce(pending_calls.started, excluded.started)", started);
            jdbc.batchUpdate("insert into pending_calls (call_id, completed, first_seen) values (?, ?::jsonb, ?) "
                    + "on conflict (call_id) do update set completed = coalesce(pending_calls.completed, excluded.completed)", completed);
            if (!whole.isEmpty()) {
                // a half of one of them may have been received before, alone: it is sealed here, not left pending
                jdbc.update("delete from pending_calls where call_id = any(?)", (Object) whole.toArray(String[]::new));
            }
            List<Ready> ready = new ArrayList<>();
            whole.forEach(id -> ready.add(new Ready(id, calls.get(id)[0], calls.get(id)[1], null)));
            ready.addAll(pending("started is not null and completed is not null", null));
            ready.addAll(amendments);
            return seal(ready);
        });
    }

    /**
     * Seals calls still incomplete after {@code after}: without completion as {@code OUTCOME_UNKNOWN}; a completion
     * whose started record never came (it cannot, with the write-ahead stack, but nothing is dropped) as it ended.
     */
    public List<SealedCall> sealUnfinished(Duration after) {
        Timestamp before = Timestamp.from(clock.instant().minus(after));
        return transactions.execute(status -> seal(pending("(completed is null or started is null) and first_seen < ?", before)));
    }

    /** A call ready to be sealed: its id, its two halves (one may be missing) and the record it amends, if any. */
    private record Ready(String callId, JsonNode started, JsonNode completed, Long amends) {
    }

    /**
     * Takes out of {@code calls} every call already in the chain. Each is dropped (a redelivery) unless it brings the
     * half its first record lacked and the call has no amendment yet: then the whole call is returned, to be sealed
     * as an amendment of that record.
     */
    private List<Ready> amendments(Map<String, JsonNode[]> calls) {
        Map<String, List<SealedCall>> chained = new LinkedHashMap<>();
        jdbc.query("select " + SealedCallRows.COLUMNS + " from audit_records where call_id = any(?) order by sequence",
                rs -> {
                    SealedCall call = SealedCallRows.read(rs, 0);
                    chained.computeIfAbsent(call.callId(), id -> new ArrayList<>()).add(call);
                }, (Object) calls.keySet().toArray(String[]::new));
        List<Ready> amendments = new ArrayList<>();
        chained.forEach((id, records) -> {
            JsonNode[] halves = calls.remove(id);
            SealedCall first = records.get(0);
            if (records.size() > 1) {
                return; // already amended
            }
            boolean lackedCompletion = "OUTCOME_UNKNOWN".equals(first.outcome());
            boolean lackedStart = first.method() == null;
            if (lackedCompletion && halves[1] != null) {
                amendments.add(new Ready(id, startedOf(first), halves[1], first.sequence()));
            } else if (lackedStart && halves[0] != null) {
                amendments.add(new Ready(id, halves[0], completedOf(first), first.sequence()));
            }
        });
        return amendments;
    }

    /** The started half of a sealed call, as {@link ApiCallStarted} carried it. */
    private JsonNode startedOf(SealedCall call) {
        return mapper.valueToTree(new ApiCallStarted(call.callId(), call.service(), call.principal(), call.api(), call.workspace(),
                call.host(), call.method(), call.path(), call.pathTemplate(), call.attempt() == null ? 0 : call.attempt(),
                call.correlationId(), call.startedAt()));
    }

    /** The completed half of a sealed call, as {@link ApiCallCompleted} carried it. */
    private JsonNode completedOf(SealedCall call) {
        return mapper.valueToTree(new ApiCallCompleted(call.callId(), call.service(), call.workspace(),
                call.status() == null ? 0 : call.status(), call.outcome(), call.errorCode(),
                call.durationMillis() == null ? 0 : call.durationMillis(), call.attempt() == null ? 0 : call.attempt(),
                call.correlationId(), call.completedAt()));
    }

    /** Pending calls matching {@code condition}, locked and removed from {@code pending_calls}. */
    private List<Ready> pending(String condition, Timestamp parameter) {
        List<Ready> ready = new ArrayList<>();
        String query = "select call_id, started::text, completed::text from pending_calls where " + condition
                + " order by first_seen, call_id for update";
        Object[] args = parameter == null ? new Object[0] : new Object[] {parameter};
        jdbc.query(query, rs -> {
            ready.add(new Ready(rs.getString(1), tree(rs.getString(2)), tree(rs.getString(3)), null));
        }, args);
        if (!ready.isEmpty()) {
            jdbc.update("delete from pending_calls where call_id = any(?)", (Object) ready.stream().map(Ready::callId).toArray(String[]::new));
        }
        return ready;
    }

    /** Appends the calls to the chain, holding its head: the next sequences, each hash over the previous one. */
    private List<SealedCall> seal(List<Ready> ready) {
        if (ready.isEmpty()) {
            return List.of();
        }
        Object[] head = jdbc.queryForObject("select sequence, hash from chain_head where id = 1 for update",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)});
        long sequence = (long) head[0];
        String previous = (String) head[1];
        Instant sealedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<SealedCall> sealed = new ArrayList<>();
        for (Ready call : ready) {
            SealedCall unhashed = toCall(call.callId(), call.started(), call.completed(), ++sequence, sealedAt, previous, call.amends());
            SealedCall record = unhashed.withHash(unhashed.computeHash(mapper));
            previous = record.hash();
            sealed.add(record);
        }
        jdbc.batchUpdate("insert into audit_records (" + SealedCallRows.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sealed.stream().map(SealedCallRows::row).toList());
        jdbc.update("update chain_head set sequence = ?, hash = ? where id = 1", sequence, previous);
        return sealed;
    }

    private SealedCall toCall(String callId, JsonNode started, JsonNode completed, long sequence, Instant sealedAt,
                              String previous, Long amends) {
        JsonNode s = started == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : started;
        JsonNode c = completed == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : completed;
        String outcome = completed == null ? "OUTCOME_UNKNOWN" : c.path("outcome").asText();
        return new SealedCall(sequence, callId, text(s, "service", c), text(s, "principal", null), text(s, "api", null),
                text(s, "workspace", c), text(s, "host", null), text(s, "method", null), text(s, "path", null),
                text(s, "pathTemplate", null), s.has("attempt") ? s.get("attempt").asInt() : c.has("attempt") ? c.get("attempt").asInt() : null,
                text(s, "correlationId", c), instant(s.path("startedAt")), instant(c.path("completedAt")),
                c.has("status") ? c.get("status").asInt() : null, outcome, text(c, "errorCode", null),
                c.has("durationMillis") ? c.get("durationMillis").asLong() : null, sealedAt, previous, null, amends);
    }

    private static String text(JsonNode node, String field, JsonNode fallback) {
        if (node.hasNonNull(field)) {
            return node.get(field).asText();
        }
        return fallback != null && fallback.hasNonNull(field) ? fallback.get(field).asText() : null;
    }

    private Instant instant(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : mapper.convertValue(node, Instant.class).truncatedTo(ChronoUnit.MICROS);
    }

    /** Sealed records not yet republished on the log topic, oldest first, at most {@code limit}. */
    public List<SealedCall> unpublished(int limit) {
        return jdbc.query("select " + SealedCallRows.COLUMNS + " from audit_records where sequence > (select sequence from log_cursor where id = 1) "
                + "order by sequence limit ?", SealedCallRows::read, limit);
    }

    /** Records up to {@code sequence} have been republished (acknowledged by Kafka). */
    public void published(long sequence) {
        jdbc.update("update log_cursor set sequence = greatest(sequence, ?) where id = 1", sequence);
    }

    private JsonNode tree(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
