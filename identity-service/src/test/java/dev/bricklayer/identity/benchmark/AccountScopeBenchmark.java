package dev.bricklayer.identity.benchmark;

import static dev.bricklayer.servicetest.HrPeople.attributes;
import static dev.bricklayer.servicetest.HrPeople.financeAnalyst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrTopics;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.workspace.WorkspaceDecommissioned;
import dev.bricklayer.common.events.workspace.WorkspaceTopics;
import dev.bricklayer.emulator.journal.JournalEntry;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import dev.bricklayer.identity.AccountScopeTestBase;
import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.testsupport.EmbeddedKafka;

/**
 * The same burst of N joiners into W workspaces, once in the account scope (identity-federated workspaces: one account
 * user and the account group memberships per person) and once in the workspace scope (a SCIM user and memberships in
 * every workspace), against the emulator's real limits (workspaces 30 requests/s and 4 SCIM calls at once; the account:
 * SCIM POST 5, PATCH 2 a second), side by side: calls per joiner on the account host and on the workspaces (the
 * emulator's journal surfaces), time from the HR event to the user active in every workspace (the last
 * {@code UserProvisioned}), and the share of calls answered 429. Not a timed test: it asserts only that everyone was
 * provisioned.
 *
 * <p>{@code ./mvnw -B -pl identity-service -am -Pbenchmark test -Dtest=AccountScopeBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbenchmark.joiners=1000 -Dbenchmark.workspaces=10]}
 */
@Tag("benchmark")
class AccountScopeBenchmark extends AccountScopeTestBase {

    private static final int JOINERS = Integer.getInteger("benchmark.joiners", 1000);
    private static final int WORKSPACES = Integer.getInteger("benchmark.workspaces", 10);

    /** One scope's run. */
    private record Run(String scope, int joiners, int workspaces, long accountCalls, long accountThrottled, long workspaceCalls,
                       long workspaceThrottled, double seconds, long p50, long p99, Map<String, Long> byKind) {

        double accountPerJoiner() {
            return accountCalls / (double) joiners;
        }

        double workspacePerJoiner() {
            return workspaceCalls / (double) joiners;
        }
    }

    @Test
    void joinersInTheAccountScopeAndInTheWorkspaceScopeSideBySide() {
        Run account = run("account", "E-BA");
        Run workspace = run("workspace", "E-BW");

        System.out.printf("%n=== identity-service: %d joiners into %d workspaces, account scope vs workspace scope ===%n", JOINERS, WORKSPACES);
        System.out.printf("%-44s %18s %18s%n", "", "account scope", "workspace scope");
        row("account calls per joiner", "%.3f", account.accountPerJoiner(), workspace.accountPerJoiner());
        row("workspace calls per joiner", "%.3f", account.workspacePerJoiner(), workspace.workspacePerJoiner());
        row("calls per joiner (all)", "%.3f", account.accountPerJoiner() + account.workspacePerJoiner(),
                workspace.accountPerJoiner() + workspace.workspacePerJoiner());
        row("answered 429, account host", "%.2f %%", share(account.accountThrottled(), account.accountCalls()),
                share(workspace.accountThrottled(), workspace.accountCalls()));
        row("answered 429, workspaces", "%.2f %%", share(account.workspaceThrottled(), account.workspaceCalls()),
                share(workspace.workspaceThrottled(), workspace.workspaceCalls()));
        row("HR event -> active everywhere, p50 (s)", "%.1f", account.p50() / 1000.0, workspace.p50() / 1000.0);
        row("HR event -> active everywhere, p99 (s)", "%.1f", account.p99() / 1000.0, workspace.p99() / 1000.0);
        row("burst done after (s)", "%.1f", account.seconds(), workspace.seconds());
        for (Run run : List.of(account, workspace)) {
            System.out.printf("calls of the %s scope (excluding answers 429):%n", run.scope());
            run.byKind().forEach((kind, count) -> System.out.printf("    %-78s %6d%n", kind, count));
        }
        System.out.printf("===========================================================================%n%n");
    }

    private Run run(String scope, String prefix) {
        boolean accountScope = scope.equals("account");
        List<EmulatedWorkspace> workspaces = new ArrayList<>();
        for (int w = 0; w < WORKSPACES; w++) {
            workspaces.add(accountScope ? readyAccountWorkspace(unique("ws-bm-acc"), internal(), accountScoped("standard"))
                    : readyWorkspace(unique("ws-bm-ws"), internal(), blueprint("standard")));
        }
        awaitIdle();
        Set<String> names = workspaces.stream().map(w -> w.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        long since = azure.mark();
        int offset = EmbeddedKafka.records(IdentityTopics.EVENTS, 0, Duration.ofSeconds(30)).size(); // stops once caught up
        Instant base = Instant.parse("2025-10-01T08:00:00Z");
        Map<String, Long> publishedAt = new HashMap<>();

        long start = System.nanoTime();
        for (int i = 0; i < JOINERS; i++) {
            String id = prefix + i;
            publishedAt.put(id, System.currentTimeMillis());
            publisher.publish(HrTopics.PEOPLE, id, joined(id, i % 2 == 0 ? attributes("Data Platform", "CC-1000", "Data Engineer",
                    EmploymentType.EMPLOYEE) : financeAnalyst(), base.plusMillis(i))).subscribe();
        }
        String inWorkspaces = names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(","));
        await().atMost(Duration.ofMinutes(40)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.queryForObject(
                "select count(*) from access where active and lower(workspace_name) in (" + inWorkspaces + ")", Long.class)
                == (long) JOINERS * WORKSPACES);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitIdle();
        // HR event published -> UserProvisioned in the last of the workspaces (broker timestamps)
        Map<String, Long> lastProvisioned = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> events = EmbeddedKafka.records(IdentityTopics.EVENTS, offset + JOINERS * WORKSPACES,
                Duration.ofMinutes(2));
        for (ConsumerRecord<String, byte[]> record : events.subList(offset, events.size())) {
            if (header(record, "ce_type").endsWith("UserProvisioned.v1") && names.contains(record.key().toLowerCase(Locale.ROOT))) {
                lastProvisioned.merge(json(record.value()).get("employeeId").asText(), record.timestamp(), Math::max);
            }
        }
        long[] latencies = lastProvisioned.entrySet().stream().mapToLong(e -> e.getValue() - publishedAt.get(e.getKey())).sorted().toArray();
        assertThat(latencies).hasSize(JOINERS);

        List<JournalEntry> accountCalls = journal().find(e -> e.sequence() > since && "account".equals(e.surface())
                && EmulatedAzure.CLIENT_ID.equals(e.principal()));
        List<JournalEntry> workspaceCalls = journal().find(e -> e.sequence() > since && e.workspace() != null
                && names.contains(e.workspace().toLowerCase(Locale.ROOT)));
        Map<String, Long> byKind = new TreeMap<>();
        for (JournalEntry call : accountCalls.stream().filter(e -> e.status() != 429).toList()) {
            byKind.merge("account   " + kind(call), 1L, Long::sum);
        }
        for (JournalEntry call : workspaceCalls.stream().filter(e -> e.status() != 429).toList()) {
            byKind.merge("workspace " + kind(call), 1L, Long::sum);
        }
        for (EmulatedWorkspace workspace : workspaces) {
            publisher.publish(WorkspaceTopics.EVENTS, workspace.name(), new WorkspaceDecommissioned(workspace.name(), null, Instant.now())).block();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> workspaces.stream().allMatch(w -> workspaceStore.find(w.name()).isEmpty()));
        // forgotten by identity-service (not made to leave: that is a burst of its own), so that the next scope's
        // workspaces do not back-fill these people at their bootstrap
        jdbc.update("delete from people where employee_id like ?", prefix + "%");
        return new Run(scope, JOINERS, WORKSPACES, accountCalls.size(), accountCalls.stream().filter(e -> e.status() == 429).count(),
                workspaceCalls.size(), workspaceCalls.stream().filter(e -> e.status() == 429).count(), seconds,
                percentile(latencies, 50), percentile(latencies, 99), byKind);
    }

    private static String kind(JournalEntry call) {
        return call.method() + " " + call.path().replace(EmulatedAzure.ACCOUNT, "{account}").replaceAll("/\\d+(?=/|$)", "/{id}");
    }

    private static void row(String name, String format, double account, double workspace) {
        System.out.printf("%-44s %18s %18s%n", name, String.format(format, account), String.format(format, workspace));
    }

    private static double share(long part, long all) {
        return 100.0 * part / Math.max(1, all);
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
