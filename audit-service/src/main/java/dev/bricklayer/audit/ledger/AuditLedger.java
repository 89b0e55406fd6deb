package dev.bricklayer.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
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
 */
public class AuditLedger {

    public static final String COLUMNS = "sequence, call_id, service, principal, api, workspace, host, method, path, path_template, "
            + "attempt, correlation_id, started_at, completed_at, status, outcome, error_code, duration_ms, sealed_at, "
            + "previous_hash, hash, amends";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper mapper;

    public AuditLedger(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.mapper = mapper;
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
            Timestamp now = Timestamp.from(Instant.now());
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
        Timestamp before = Timestamp.from(Instant.now().minus(after));
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
        jdbc.query("select " + COLUMNS + " from audit_records where call_id = any(?) order by sequence",
                rs -> {
                    SealedCall call = read(rs, 0);
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
        Instant sealedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<SealedCall> sealed = new ArrayList<>();
        for (Ready call : ready) {
            SealedCall record = hashed(toCall(call.callId(), call.started(), call.completed(), ++sequence, sealedAt, previous,
                    call.amends()));
            previous = record.hash();
            sealed.add(record);
        }
        jdbc.batchUpdate("insert into audit_records (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sealed.stream().map(AuditLedger::row).toList());
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

    /** The record with its hash: SHA-256 over the previous hash, a newline and the canonical JSON content. */
    SealedCall hashed(SealedCall call) {
        String hash = hash(call);
        return new SealedCall(call.sequence(), call.callId(), call.service(), call.principal(), call.api(), call.workspace(),
                call.host(), call.method(), call.path(), call.pathTemplate(), call.attempt(), call.correlationId(), call.startedAt(),
                call.completedAt(), call.status(), call.outcome(), call.errorCode(), call.durationMillis(), call.sealedAt(),
                call.previousHash(), hash, call.amends());
    }

    String hash(SealedCall call) {
        try {
            byte[] content = mapper.writeValueAsBytes(call.canonical());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(call.previousHash().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return HexFormat.of().formatHex(digest.digest(content));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sealed records not yet republished on the log topic, oldest first, at most {@code limit}. */
    public List<SealedCall> unpublished(int limit) {
        return jdbc.query("select " + COLUMNS + " from audit_records where sequence > (select sequence from log_cursor where id = 1) "
                + "order by sequence limit ?", (rs, i) -> read(rs, i), limit);
    }

    /** Records up to {@code sequence} have been republished (acknowledged by Kafka). */
    public void published(long sequence) {
        jdbc.update("update log_cursor set sequence = greatest(sequence, ?) where id = 1", sequence);
    }

    /** The result of walking the chain. */
    public record Verification(boolean intact, long records, Long firstBrokenSequence, String firstBrokenCallId, String reason) {
    }

    /** Walks the whole chain in sequence order, recomputing every hash; names the first record that does not hold. */
    public Verification verify() {
        long[] count = {0};
        String[] previous = {"0000000000000000000000000000000000000000000000000000000000000000"};
        Verification[] broken = {null};
        jdbc.query(con -> {
            var statement = con.prepareStatement("select " + COLUMNS + " from audit_records order by sequence",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            return statement;
        }, rs -> {
            if (broken[0] != null) {
                return;
            }
            SealedCall call = read(rs, 0);
            count[0]++;
            String reason = null;
            if (call.sequence() != count[0]) {
                reason = "sequence " + call.sequence() + " where " + count[0] + " was expected (a record is missing)";
            } else if (!call.previousHash().equals(previous[0])) {
                reason = "previous_hash does not match the hash of record " + (call.sequence() - 1);
            } else if (!hash(call).equals(call.hash())) {
                reason = "the record's content does not match its hash (altered)";
            }
            if (reason != null) {
                broken[0] = new Verification(false, count[0], call.sequence(), call.callId(), reason);
            }
            previous[0] = call.hash();
        });
        return broken[0] != null ? broken[0] : new Verification(true, count[0], null, null, null);
    }

    /**
     * Records matching {@code where} in sequence order, pulled row by row from a database cursor (fetch size 500) as
     * the subscriber asks: memory stays bounded whatever the number of rows.
     */
    public reactor.core.publisher.Flux<SealedCall> cursor(javax.sql.DataSource dataSource, String where, List<Object> args) {
        record Cursor(java.sql.Connection connection, java.sql.PreparedStatement statement, ResultSet rows) {
        }
        return reactor.core.publisher.Flux.using(() -> {
            java.sql.Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            java.sql.PreparedStatement statement = connection.prepareStatement("select " + COLUMNS + " from audit_records"
                    + (where.isBlank() ? "" : " where " + where) + " order by sequence", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(500);
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            return new Cursor(connection, statement, statement.executeQuery());
        }, cursor -> reactor.core.publisher.Flux.<SealedCall>generate(sink -> {
            try {
                if (cursor.rows().next()) {
                    sink.next(read(cursor.rows(), 0));
                } else {
                    sink.complete();
                }
            } catch (SQLException e) {
                sink.error(e);
            }
        }), cursor -> {
            try (java.sql.Connection connection = cursor.connection(); java.sql.PreparedStatement statement = cursor.statement();
                 ResultSet rows = cursor.rows()) {
                connection.rollback();
            } catch (SQLException e) {
                // closing a read-only cursor: nothing is lost
            }
        });
    }

    public static SealedCall read(ResultSet rs, int unused) throws SQLException {
        return new SealedCall(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), (Integer) rs.getObject(11), rs.getString(12),
                ts(rs, 13), ts(rs, 14), (Integer) rs.getObject(15), rs.getString(16), rs.getString(17),
                rs.getObject(18) == null ? null : rs.getLong(18), ts(rs, 19), rs.getString(20), rs.getString(21),
                rs.getObject(22) == null ? null : rs.getLong(22));
    }

    private static Instant ts(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Object[] row(SealedCall c) {
        return new Object[] {c.sequence(), c.callId(), c.service(), c.principal(), c.api(), c.workspace(), c.host(), c.method(),
                c.path(), c.pathTemplate(), c.attempt(), c.correlationId(), stamp(c.startedAt()), stamp(c.completedAt()), c.status(),
                c.outcome(), c.errorCode(), c.durationMillis(), stamp(c.sealedAt()), c.previousHash(), c.hash(), c.amends()};
    }

    private static Timestamp stamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private JsonNode tree(String json) {
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
