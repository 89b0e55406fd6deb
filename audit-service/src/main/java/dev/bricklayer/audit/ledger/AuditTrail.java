package dev.bricklayer.audit.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import reactor.core.publisher.Flux;

/**
 * Reading the chain {@link AuditLedger} writes: walking it to verify every hash, and streaming records from a
 * database cursor for exports of any size.
 */
public class AuditTrail {

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public AuditTrail(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.dataSource = jdbc.getDataSource();
        this.mapper = mapper;
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
            var statement = con.prepareStatement("select " + SealedCallRows.COLUMNS + " from audit_records order by sequence",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            return statement;
        }, rs -> {
            if (broken[0] != null) {
                return;
            }
            SealedCall call = SealedCallRows.read(rs, 0);
            count[0]++;
            String reason = null;
            if (call.sequence() != count[0]) {
                reason = "sequence " + call.sequence() + " where " + count[0] + " was expected (a record is missing)";
            } else if (!call.previousHash().equals(previous[0])) {
                reason = "previous_hash does not match the hash of record " + (call.sequence() - 1);
            } else if (!call.computeHash(mapper).equals(call.hash())) {
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
    public Flux<SealedCall> cursor(String where, List<Object> args) {
        record Cursor(Connection connection, PreparedStatement statement, ResultSet rows) {
        }
        return Flux.using(() -> {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            PreparedStatement statement = connection.prepareStatement("select " + SealedCallRows.COLUMNS + " from audit_records"
                    + (where.isBlank() ? "" : " where " + where) + " order by sequence", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(500);
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            return new Cursor(connection, statement, statement.executeQuery());
        }, cursor -> Flux.<SealedCall>generate(sink -> {
            try {
                if (cursor.rows().next()) {
                    sink.next(SealedCallRows.read(cursor.rows(), 0));
                } else {
                    sink.complete();
                }
            } catch (SQLException e) {
                sink.error(e);
            }
        }), cursor -> {
            try (Connection connection = cursor.connection(); PreparedStatement statement = cursor.statement();
                 ResultSet rows = cursor.rows()) {
                connection.rollback();
            } catch (SQLException e) {
                // closing a read-only cursor: nothing is lost
            }
        });
    }
}
