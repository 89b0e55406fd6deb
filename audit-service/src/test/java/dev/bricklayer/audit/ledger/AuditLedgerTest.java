package dev.bricklayer.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.audit.ApiCallCompleted;
import dev.bricklayer.common.events.audit.ApiCallStarted;

class AuditLedgerTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:01Z"));
    private String url;
    private JdbcTemplate jdbc;
    private AuditLedger ledger;
    private AuditTrail trail;

    @BeforeEach
    void database() {
        LedgerDatabase database = LedgerDatabase.create("audit", mapper, clock);
        url = database.url();
        jdbc = database.jdbc();
        ledger = database.ledger();
        trail = database.trail();
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
        assertThat(trail.verify()).isEqualTo(new AuditTrail.Verification(true, 3, null, null, null));
    }

    /**
     * Two replicas of audit-service (each owning some partitions of the api-calls topic) seal at the same time into
     * one database: the chain head's row lock makes their batches take turns, so there is still one chain, every
     * sequence once, each record linked to the one before — and a call whose halves reach different replicas (a
     * rebalance between them) is sealed once.
     */
    @Test
    void twoReplicasSealingAtOnceKeepOneIntactChain() throws Exception {
        DriverManagerDataSource otherConnections = new DriverManagerDataSource(url, "postgres", "postgres");
        AuditLedger other = new AuditLedger(new JdbcTemplate(otherConnections),
                new TransactionTemplate(new DataSourceTransactionManager(otherConnections)), mapper, clock);
        ledger.ingest(List.of(started("moved", "token-service", "ws-moved", "/api/2.0/token-management/tokens")));
        int batches = 30;
        int callsPerBatch = 20;
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> sealBatches(ledger, "ws-a", batches, callsPerBatch, together), replicas);
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> sealBatches(other, "ws-b", batches, callsPerBatch, together), replicas);
            int sealed = first.get(2, TimeUnit.MINUTES) + second.get(2, TimeUnit.MINUTES);
            sealed += other.ingest(List.of(completed("moved", "token-service", "ws-moved", 200))).size();

            assertThat(sealed).isEqualTo(2 * batches * callsPerBatch + 1);
        } finally {
            replicas.shutdownNow();
        }
        assertThat(trail.verify()).isEqualTo(new AuditTrail.Verification(true, 2L * batches * callsPerBatch + 1, null, null, null));
        assertThat(jdbc.queryForObject("select count(*) from audit_records where call_id = 'moved'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from pending_calls", Long.class)).isZero();
    }

    private static int sealBatches(AuditLedger replica, String workspace, int batches, int callsPerBatch, CyclicBarrier together) {
        try {
            together.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int sealed = 0;
        for (int b = 0; b < batches; b++) {
            List<Object> records = new ArrayList<>();
            for (int c = 0; c < callsPerBatch; c++) {
                String id = workspace + "-" + b + "-" + c;
                records.add(started(id, workspace + "-service", workspace, "/api/2.0/clusters/get"));
                records.add(completed(id, workspace + "-service", workspace, 200));
            }
            sealed += replica.ingest(records).size();
        }
        return sealed;
    }

    @Test
    void theSealingTimeAndWhatCountsAsNeverCompletedComeFromTheClock() {
        ledger.ingest(List.of(started("t", "token-service", "ws-1", "/x")));
        clock.advance(Duration.ofMinutes(4));

        assertThat(ledger.sealUnfinished(Duration.ofMinutes(5))).isEmpty();
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        List<SealedCall> unknown = ledger.sealUnfinished(Duration.ofMinutes(5));

        assertThat(unknown).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo("OUTCOME_UNKNOWN");
            assertThat(c.sealedAt()).isEqualTo(clock.instant());
        });
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
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void aCallWhoseCompletionNeverArrivesIsSealedAsOutcomeUnknown() throws Exception {
        ledger.ingest(List.of(started("e", "workspace-service", "ws-3", "/subscriptions/s/resourcegroups/rg")));
        assertThat(ledger.sealUnfinished(Duration.ofMinutes(5))).isEmpty();
        clock.advance(Duration.ofMillis(50));

        List<SealedCall> unknown = ledger.sealUnfinished(Duration.ofMillis(10));

        assertThat(unknown).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo("OUTCOME_UNKNOWN");
            assertThat(c.status()).isNull();
            assertThat(c.workspace()).isEqualTo("ws-3");
        });
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void aCompletionArrivingAfterItsCallWasSealedAsOutcomeUnknownIsSealedAsAnAmendment() throws Exception {
        ledger.ingest(List.of(started("late", "workspace-service", "ws-3", "/subscriptions/s/resourcegroups/rg")));
        clock.advance(Duration.ofMillis(50));
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
        assertThat(trail.verify()).satisfies(v -> {
            assertThat(v.intact()).isTrue();
            assertThat(v.records()).isEqualTo(2);
        });
    }

    @Test
    void aStartArrivingAfterItsCompletionWasSealedAloneIsSealedAsAnAmendment() throws Exception {
        ledger.ingest(List.of(completed("orphan", "identity-service", "ws-1", 404)));
        clock.advance(Duration.ofMillis(50));
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
        assertThat(trail.verify().intact()).isTrue();
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
