package dev.bricklayer.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;


/** Reading the chain: verification names the first record that does not hold, exports stream from a cursor. */
class AuditTrailTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    private LedgerDatabase db;

    @BeforeEach
    void database() {
        db = LedgerDatabase.create("audit_trail", mapper, new MovableClock(Instant.parse("2026-11-24T10:00:01Z")));
    }

    private static Object started(String callId, String path) {
        return AuditLedgerTest.started(callId, "identity-service", "ws-1", path);
    }

    private static Object completed(String callId) {
        return AuditLedgerTest.completed(callId, "identity-service", "ws-1", 200);
    }

    @Test
    void theChainIsAppendOnlyAndAnAlteredRowIsNamedByVerify() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            records.add(started(id, "/p/" + i));
            records.add(completed(id));
        }
        List<SealedCall> sealed = db.ledger().ingest(records);

        assertThatThrownBy(() -> db.jdbc().update("update audit_records set status = 500 where sequence = 3"))
                .hasMessageContaining("append-only");
        try (Connection connection = DriverManager.getConnection(db.url(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            // someone with the database's owner rights goes around the trigger
            statement.execute("set session_replication_role = replica");
            statement.execute("update audit_records set status = 500 where sequence = 3");
        }

        AuditTrail.Verification verification = db.trail().verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSequence()).isEqualTo(3);
        assertThat(verification.firstBrokenCallId()).isEqualTo(sealed.get(2).callId());
        assertThat(verification.reason()).contains("altered");
    }

    @Test
    void anExportOfManyRecordsStreamsFromACursorWithBoundedMemory() {
        // 200,000 sealed rows written straight into the table (their hashes are not the point here)
        db.jdbc().update("insert into audit_records (sequence, call_id, service, principal, api, workspace, host, method, path, "
                + "path_template, attempt, correlation_id, started_at, completed_at, status, outcome, error_code, duration_ms, "
                + "sealed_at, previous_hash, hash) select g, 'call-' || g, 'identity-service', 'client', 'scim', 'ws-' || (g % 20), "
                + "'adb-1.azuredatabricks.net', 'GET', '/api/2.0/preview/scim/v2/Users/' || g || repeat('x', 200), "
                + "'/api/2.0/preview/scim/v2/Users/{id}', 1, 'corr', now(), now(), 200, 'SUCCESS', null, 12, now(), "
                + "repeat('0', 64), repeat('f', 64) from generate_series(1, 200000) g");
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        long[] peak = {before};
        long[] rows = {0};
        long[] bytes = {0};

        db.trail().cursor("", List.of()).doOnNext(call -> {
            rows[0]++;
            bytes[0] += call.path().length() + 300;
            if (rows[0] % 50_000 == 0) {
                System.gc(); // what is still held mid-stream, garbage aside
                peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
            }
        }).blockLast();

        // the rows hold ~100 MB of text; a cursor holds one fetch (500 rows) at a time
        assertThat(rows[0]).isEqualTo(200_000);
        assertThat(bytes[0]).isGreaterThan(90L * 1024 * 1024);
        System.out.printf("export of %d rows (~%d MB): heap held mid-stream grew by at most %d MB%n", rows[0],
                bytes[0] / (1024 * 1024), (peak[0] - before) / (1024 * 1024));
        assertThat(peak[0] - before).isLessThan(32L * 1024 * 1024);
    }
}
