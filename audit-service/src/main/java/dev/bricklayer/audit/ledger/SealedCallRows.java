package dev.bricklayer.audit.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** A {@link SealedCall} as a row of {@code audit_records}: its columns in order, reading a row, writing one. */
public final class SealedCallRows {

    /** Every column, in the order {@link #read} reads them. */
    public static final String COLUMNS = "sequence, call_id, service, principal, api, workspace, host, method, path, path_template, "
            + "attempt, correlation_id, started_at, completed_at, status, outcome, error_code, duration_ms, sealed_at, "
            + "previous_hash, hash, amends";

    private SealedCallRows() {
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

    static Object[] row(SealedCall c) {
        return new Object[] {c.sequence(), c.callId(), c.service(), c.principal(), c.api(), c.workspace(), c.host(), c.method(),
                c.path(), c.pathTemplate(), c.attempt(), c.correlationId(), stamp(c.startedAt()), stamp(c.completedAt()), c.status(),
                c.outcome(), c.errorCode(), c.durationMillis(), stamp(c.sealedAt()), c.previousHash(), c.hash(), c.amends()};
    }

    private static Timestamp stamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
