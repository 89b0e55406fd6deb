package dev.bricklayer.platform.demo;

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

    void collect(int people, Window joining) {
        findings.figure("data access now, per person (Unity Catalog)", dataAccess(people));
        if (joining != null) {
            joinerCost(joining);
        }
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

    private void joinerCost(Window joining) {
        long accountCalls = 0;
        long workspaceCalls = 0;
        Map<String, Long> accountByKind = new TreeMap<>();
        // a call is sealed after it started: the window's start bounds the export on the audit side, its end only here
        String export = client.api(Caller.AUDITOR, "GET", readings.service("audit-service",
                "/api/v1/audit/export?format=ndjson&service=identity-service&from=" + joining.from()), null).expect(200).body();
        for (String line : export.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = json(line);
            Instant started = Instant.parse(record.path("startedAt").asText());
            if (started.isBefore(joining.from()) || started.isAfter(joining.to())) {
                continue;
            }
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
