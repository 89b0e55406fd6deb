package dev.bricklayer.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;
import dev.bricklayer.testsupport.EmbeddedPostgres;

class AuditLedgerTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    private String url;
    private JdbcTemplate jdbc;
    private AuditLedger ledger;

    @BeforeEach
    void database() {
        url = EmbeddedPostgres.newDatabase("audit");
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
        jdbc = new JdbcTemplate(dataSource);
        ledger = new AuditLedger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)), mapper);
    }

    static ApiCallStarted started(String callId, String service, String workspace, String path) {
        return new ApiCallStarted(callId, service, "6f1f4e8e-3a0c-4c39-9d5e-000000000001", "scim", workspace, "adb-1.azuredatabricks.net",
                "GET", path, "/api/2.0/preview/scim/v2/Users/{id}", 1, "corr-" + callId, Instant.parse("2026-11-24T10:00:00.123456789Z"));
    }

    static ApiCallCompleted completed(String callId, String service, String workspace, int status) {
        return new ApiCallCompleted(callId, service, workspace, status, status < 400 ? "SUCCESS" : "HTTP_ERROR",
                status < 400 ? null : "RESOURCE_DOES_NOT_EXIST", 42, 1, "corr-" + callId, Instant.parse("2026-11-24T10:00:00.200Z"));
    }

    @Test
    void callsFromSeveralServicesAreSealedOnceEachIntoALinkedChain() {
        List<SealedCall> sealed = ledger.ingest(List.of(
                started("a", "identity-service", "ws-1", "/api/2.0/preview/scim/v2/Users/1"), completed("a", "identity-service", "ws-1", 200),
                started("b", "security-service", "ws-2", "/api/2.0/ip-access-lists"), completed("b", "security-service", "ws-2", 404),
                started("c", "token-service", "ws-1", "/api/2.0/token-management/tokens")));

        assertThat(sealed).extracting(SealedCall::callId).containsExactly("a", "b");
        assertThat(sealed).extracting(SealedCall::sequence).containsExactly(1L, 2L);
        assertThat(sealed.get(1).previousHash()).isEqualTo(sealed.get(0).hash());
        assertThat(sealed.get(1).errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        assertThat(sealed.get(0).service()).isEqualTo("identity-service");
        assertThat(sealed.get(0).correlationId()).isEqualTo("corr-a");

        List<SealedCall> later = ledger.ingest(List.of(completed("c", "token-service", "ws-1", 200)));

        assertThat(later).singleElement().satisfies(c -> {
            assertThat(c.sequence()).isEqualTo(3);
            assertThat(c.path()).isEqualTo("/api/2.0/token-management/tokens");
            assertThat(c.previousHash()).isEqualTo(sealed.get(1).hash());
        });
        assertThat(ledger.verify()).isEqualTo(new AuditLedger.Verification(true, 3, null, null, null));
    }

    @Test
    void sealedRecordsStayUnpublishedUntilTheLogCursorPassesThem() {
        List<Object> records = new ArrayList<>();
        for (String id : List.of("p1", "p2", "p3")) {
            records.add(started(id, "identity-service", "ws-1", "/x"));
            records.add(completed(id, "identity-service", "ws-1", 200));
        }
        ledger.ingest(records);

        assertThat(ledger.unpublished(10)).extracting(SealedCall::sequence).containsExactly(1L, 2L, 3L);
        ledger.published(2);
        assertThat(ledger.unpublished(10)).extracting(SealedCall::sequence).containsExactly(3L);
        ledger.published(1); // an older acknowledgement never moves the cursor back
        assertThat(ledger.unpublished(10)).extracting(SealedCall::sequence).containsExactly(3L);
    }

    @Test
    void aRedeliveredRecordNeverMakesASecondOne() {
        ledger.ingest(List.of(started("d", "identity-service", "ws-1", "/x"), completed("d", "identity-service", "ws-1", 200)));

        List<SealedCall> again = ledger.ingest(List.of(started("d", "identity-service", "ws-1", "/x"),
                completed("d", "identity-service", "ws-1", 200)));

        assertThat(again).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from audit_records", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from pending_calls", Long.class)).isZero();

        // a started record seen alone, then redelivered together with its completion: one record, nothing left pending
        ledger.ingest(List.of(started("r", "identity-service", "ws-1", "/y")));
        List<SealedCall> both = ledger.ingest(List.of(started("r", "identity-service", "ws-1", "/y"),
                completed("r", "identity-service", "ws-1", 201)));
        assertThat(both).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(201));
        assertThat(ledger.ingest(List.of(completed("r", "identity-service", "ws-1", 201)))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from audit_records where call_id = 'r'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from pending_calls", Long.class)).isZero();
        assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void aCallWhoseCompletionNeverArrivesIsSealedAsOutcomeUnknown() throws Exception {
        ledger.ingest(List.of(started("e", "workspace-service", "ws-3", "/subscriptions/s/resourcegroups/rg")));
        assertThat(ledger.sealUnfinished(Duration.ofMinutes(5))).isEmpty();
        Thread.sleep(50);

        List<SealedCall> unknown = ledger.sealUnfinished(Duration.ofMillis(10));

        assertThat(unknown).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo("OUTCOME_UNKNOWN");
            assertThat(c.status()).isNull();
            assertThat(c.workspace()).isEqualTo("ws-3");
        });
        assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void aCompletionArrivingAfterItsCallWasSealedAsOutcomeUnknownIsSealedAsAnAmendment() throws Exception {
        ledger.ingest(List.of(started("late", "workspace-service", "ws-3", "/subscriptions/s/resourcegroups/rg")));
        Thread.sleep(50);
        SealedCall unknown = ledger.sealUnfinished(Duration.ofMillis(10)).get(0);

        List<SealedCall> amended = ledger.ingest(List.of(completed("late", "workspace-service", "ws-3", 201)));

        assertThat(amended).singleElement().satisfies(c -> {
            assertThat(c.amends()).isEqualTo(unknown.sequence());
            assertThat(c.sequence()).isEqualTo(unknown.sequence() + 1);
            assertThat(c.outcome()).isEqualTo("SUCCESS");
            assertThat(c.status()).isEqualTo(201);
            assertThat(c.durationMillis()).isEqualTo(42);
            // the whole call: what the first record knew, and the completion
            assertThat(c.method()).isEqualTo("GET");
            assertThat(c.path()).isEqualTo("/subscriptions/s/resourcegroups/rg");
            assertThat(c.principal()).isEqualTo(unknown.principal());
            assertThat(c.startedAt()).isEqualTo(unknown.startedAt());
            assertThat(c.completedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.200Z"));
        });
        // redelivered, the late completion makes nothing more; the first record is as it was
        assertThat(ledger.ingest(List.of(completed("late", "workspace-service", "ws-3", 201)))).isEmpty();
        assertThat(jdbc.queryForList("select outcome from audit_records where call_id = 'late' order by sequence", String.class))
                .containsExactly("OUTCOME_UNKNOWN", "SUCCESS");
        // and the schema holds it too: no second amendment, no second first record
        for (String which : List.of("amends is not null", "amends is null")) {
            assertThatThrownBy(() -> jdbc.update("insert into audit_records (sequence, call_id, outcome, sealed_at, previous_hash, hash, amends) "
                    + "select sequence + 100, call_id, outcome, sealed_at, previous_hash, hash, amends from audit_records "
                    + "where call_id = 'late' and " + which)).hasMessageContaining("audit_records_call");
        }
        assertThat(ledger.verify()).satisfies(v -> {
            assertThat(v.intact()).isTrue();
            assertThat(v.records()).isEqualTo(2);
        });
    }

    @Test
    void aStartArrivingAfterItsCompletionWasSealedAloneIsSealedAsAnAmendment() throws Exception {
        ledger.ingest(List.of(completed("orphan", "identity-service", "ws-1", 404)));
        Thread.sleep(50);
        SealedCall alone = ledger.sealUnfinished(Duration.ofMillis(10)).get(0);
        assertThat(alone.method()).isNull();

        List<SealedCall> amended = ledger.ingest(List.of(started("orphan", "identity-service", "ws-1", "/api/2.0/preview/scim/v2/Users/9")));

        assertThat(amended).singleElement().satisfies(c -> {
            assertThat(c.amends()).isEqualTo(alone.sequence());
            assertThat(c.method()).isEqualTo("GET");
            assertThat(c.path()).isEqualTo("/api/2.0/preview/scim/v2/Users/9");
            assertThat(c.status()).isEqualTo(404);
            assertThat(c.outcome()).isEqualTo("HTTP_ERROR");
            assertThat(c.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        });
        assertThat(ledger.ingest(List.of(started("orphan", "identity-service", "ws-1", "/api/2.0/preview/scim/v2/Users/9"),
                completed("orphan", "identity-service", "ws-1", 404)))).isEmpty();
        assertThat(ledger.verify().intact()).isTrue();
    }

    @Test
    void aRecordSealedWithoutAnAmendmentKeepsTheHashItHadBeforeAmendmentsExisted() {
        SealedCall sealed = ledger.ingest(List.of(started("h", "token-service", "ws-1", "/x"), completed("h", "token-service", "ws-1", 200)))
                .get(0);

        // the canonical content of a first record has no "amends" key, as before the column existed
        assertThat(sealed.amends()).isNull();
        assertThat(sealed.canonical()).doesNotContainKey("amends");
        assertThat(new SealedCall(sealed.sequence(), sealed.callId(), sealed.service(), sealed.principal(), sealed.api(), sealed.workspace(),
                sealed.host(), sealed.method(), sealed.path(), sealed.pathTemplate(), sealed.attempt(), sealed.correlationId(),
                sealed.startedAt(), sealed.completedAt(), sealed.status(), sealed.outcome(), sealed.errorCode(), sealed.durationMillis(),
                sealed.sealedAt(), sealed.previousHash(), null, 1L).canonical()).containsEntry("amends", 1L);
    }

    @Test
    void theChainIsAppendOnlyAndAnAlteredRowIsNamedByVerify() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            records.add(started(id, "identity-service", "ws-1", "/p/" + i));
            records.add(completed(id, "identity-service", "ws-1", 200));
        }
        List<SealedCall> sealed = ledger.ingest(records);

        assertThatThrownBy(() -> jdbc.update("update audit_records set status = 500 where sequence = 3"))
                .hasMessageContaining("append-only");
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            // someone with the database's owner rights goes around the trigger
            statement.execute("set session_replication_role = replica");
            statement.execute("update audit_records set status = 500 where sequence = 3");
        }

        AuditLedger.Verification verification = ledger.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSequence()).isEqualTo(3);
        assertThat(verification.firstBrokenCallId()).isEqualTo(sealed.get(2).callId());
        assertThat(verification.reason()).contains("altered");
    }

    @Test
    void anExportOfManyRecordsStreamsFromACursorWithBoundedMemory() {
        // 200,000 sealed rows written straight into the table (their hashes are not the point here)
        jdbc.update("insert into audit_records (sequence, call_id, service, principal, api, workspace, host, method, path, "
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

        ledger.cursor(jdbc.getDataSource(), "", List.of()).doOnNext(call -> {
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

    @Test
    void noSecretCanReachAStoredField() throws Exception {
        // what the HTTP stack records holds no header, body or query string; a path is stored as it was called
        ledger.ingest(List.of(started("s", "token-service", "ws-1", "/api/2.0/token-management/tokens/abc"),
                completed("s", "token-service", "ws-1", 200)));
        String everything = jdbc.queryForList("select * from audit_records").toString()
                + jdbc.queryForList("select * from pending_calls").toString();

        assertThat(everything).doesNotContainIgnoringCase("bearer").doesNotContain("dapi").doesNotContain("eyJ")
                .doesNotContain("client_secret");
        assertThat(List.of(ApiCallStarted.class.getRecordComponents())).extracting(c -> c.getName())
                .doesNotContain("headers", "body", "token", "query", "authorization");
    }
}
