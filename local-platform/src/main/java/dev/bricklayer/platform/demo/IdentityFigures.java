package dev.bricklayer.platform.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;

/**
 * The report's identity figures in the account scope: the Unity Catalog privileges each person holds now (identity-service's
 * {@code /api/v1/people/{id}/access}), and what the joiners cost — identity-service's calls while they joined, from the
 * audit trail, split into the account host's and the workspaces' — against what the workspace scope would have made
 * for the same people and workspaces: one {@code POST /Users} per person and workspace they reach and one group
 * {@code PATCH} per workspace group they join (its floor; the workspace SCIM API has no bulk call), counted from the
 * {@code UserProvisioned} events.
 */
final class IdentityFigures {

    /** When the joiners were published, and when the last of them was provisioned (or the wait ran out). */
    record Window(Instant from, Instant to) {
    }

    private final PlatformClient client;
    private final PlatformReadings readings;
    private final ObjectMapper mapper;
    private final EventTally events;
    private final Findings findings;

    IdentityFigures(PlatformClient client, PlatformReadings readings, ObjectMapper mapper, EventTally events, Findings findings) {
        this.client = client;
        this.readings = readings;
        this.mapper = mapper;
        this.events = events;
        this.findings = findings;
    }

    void collect(int people, Window joining, List<Window> loneJoiners) {
        findings.figure("data access now, per person (Unity Catalog)", dataAccess(people));
        if (joining != null) {
            List<JsonNode> calls = calls(joining);
            joinerCost(joining, calls);
            loneJoinerTime(loneJoiners, calls);
        }
    }

    /**
     * Where a lone joiner's time goes, from the audit trail: HR event to identity-service's first call, its calls
     * (first started to last completed; of it, at the account: the attempts' own durations), last call to the last
     * {@code UserProvisioned} — p50 and max over the lone joiners.
     */
    private void loneJoinerTime(List<Window> loneJoiners, List<JsonNode> calls) {
        List<Long> toFirst = new ArrayList<>();
        List<Long> calling = new ArrayList<>();
        List<Long> atAccount = new ArrayList<>();
        List<Long> toEvent = new ArrayList<>();
        for (Window lone : loneJoiners) {
            List<JsonNode> own = calls.stream().filter(call -> !startedAt(call).isBefore(lone.from()) && !startedAt(call).isAfter(lone.to())
                    && !"entra".equals(call.path("api").asText()) && !call.path("completedAt").isNull() && !call.path("completedAt").isMissingNode()).toList();
            if (own.isEmpty()) {
                continue;
            }
            Instant first = own.stream().map(IdentityFigures::startedAt).min(Instant::compareTo).orElseThrow();
            Instant last = own.stream().map(call -> Instant.parse(call.path("completedAt").asText())).max(Instant::compareTo).orElseThrow();
            toFirst.add(Duration.between(lone.from(), first).toMillis());
            calling.add(Duration.between(first, last).toMillis());
            atAccount.add(own.stream().mapToLong(call -> call.path("durationMillis").asLong()).sum());
            toEvent.add(Duration.between(last, lone.to()).toMillis());
        }
        if (toFirst.isEmpty()) {
            return;
        }
        findings.figure("a lone joiner's time, p50 / max (ms)", String.format(
                "HR event -> first call %s; the calls %s, of it at the account %s; last call -> provisioned %s (%d joiners)",
                p50Max(toFirst), p50Max(calling), p50Max(atAccount), p50Max(toEvent), toFirst.size()));
    }

    private static String p50Max(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) + " / " + sorted.get(sorted.size() - 1);
    }

    private static Instant startedAt(JsonNode call) {
        return Instant.parse(call.path("startedAt").asText());
    }

    /** employee id → "catalog or schema [privileges]; …", or "none". */
    private Map<String, String> dataAccess(int people) {
        Map<String, String> access = new TreeMap<>();
        for (int i = 0; i < people; i++) {
            String employeeId = DemoPeople.employeeId(i);
            JsonNode person = client.api(Caller.PLATFORM_TEAM, "GET", readings.service("identity-service",
                    "/api/v1/people/" + employeeId + "/access"), null).expect(200).json(mapper);
            List<String> held = new ArrayList<>();
            for (JsonNode securable : person.path("dataAccess")) {
                Set<String> privileges = new TreeSet<>();
                securable.path("privileges").forEach(p -> privileges.add(p.asText()));
                held.add(securable.path("fullName").asText() + " " + privileges);
            }
            access.put(employeeId, held.isEmpty() ? "none" : String.join("; ", held));
        }
        return access;
    }

    /** identity-service's calls started while the joiners joined, from the audit trail. */
    private List<JsonNode> calls(Window joining) {
        // a call is sealed after it started: the window's start bounds the export on the audit side, its end only here
        String export = client.api(Caller.AUDITOR, "GET", readings.service("audit-service",
                "/api/v1/audit/export?format=ndjson&service=identity-service&from=" + joining.from()), null).expect(200).body();
        List<JsonNode> calls = new ArrayList<>();
        for (String line : export.split("\n")) {
            if (!line.isBlank()) {
                JsonNode record = json(line);
                Instant started = startedAt(record);
                if (!started.isBefore(joining.from()) && !started.isAfter(joining.to())) {
                    calls.add(record);
                }
            }
        }
        return calls;
    }

    private void joinerCost(Window joining, List<JsonNode> calls) {
        long accountCalls = 0;
        long workspaceCalls = 0;
        Map<String, Long> accountByKind = new TreeMap<>();
        for (JsonNode record : calls) {
            String api = record.path("api").asText();
            if (api.equals("account")) {
                accountCalls++;
                String kind = record.path("status").asInt() == 429 ? "answered 429" : record.path("method").asText();
                accountByKind.merge(kind, 1L, Long::sum);
            } else if (!api.equals("entra")) {
                workspaceCalls++;
            }
        }
        // the workspace scope's floor: one POST /Users per person and workspace they were provisioned in, and at least one
        // PATCH per workspace-local group they joined there
        Set<String> pairs = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> joiners = new TreeSet<>();
        events.of("UserProvisioned").stream().filter(e -> !e.received().isBefore(joining.from()) && !e.received().isAfter(joining.to()))
                .forEach(e -> {
                    pairs.add(e.key() + "/" + e.body().path("employeeId").asText());
                    e.body().path("groups").forEach(g -> groups.add(e.key() + "/" + g.asText()));
                    joiners.add(e.body().path("employeeId").asText());
                });
        if (joiners.isEmpty()) {
            findings.problem("no joiner was provisioned while they joined, so their cost cannot be measured");
            return;
        }
        double n = joiners.size();
        findings.figure("calls per joiner, account scope (identity-service)", String.format(
                "%.2f on the account host + %.2f on the workspaces = %.2f (%d %s + %d calls for %d joiners)",
                accountCalls / n, workspaceCalls / n, (accountCalls + workspaceCalls) / n, accountCalls, accountByKind, workspaceCalls,
                joiners.size()));
        findings.figure("the same joiners in the workspace scope", String.format(
                "at least %.2f per joiner: %d calls, one POST /Users per person and workspace (%d) and one PATCH per "
                        + "workspace group joined (%d), in %d workspaces", (pairs.size() + groups.size()) / n, pairs.size() + groups.size(),
                pairs.size(), groups.size(), pairs.stream().map(p -> p.substring(0, p.indexOf('/'))).distinct().count()));
    }

    private JsonNode json(String line) {
        try {
            return mapper.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the audit export has a line that is not JSON: " + e.getMessage(), e);
        }
    }
}
