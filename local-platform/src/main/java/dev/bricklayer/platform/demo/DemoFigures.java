package dev.bricklayer.platform.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.platform.client.PlatformClient;
import dev.bricklayer.platform.client.PlatformClient.Caller;

/**
 * The report's figures, each read from the events, the services or the emulator, and the scenario's expectations of
 * them: people with access per workspace, grants, drift, tokens revoked and reported by rule, the audit trail against
 * the calls the emulator served, and the chain check.
 */
final class DemoFigures {

    private final PlatformClient client;
    private final PlatformReadings readings;
    private final ObjectMapper mapper;
    private final EventTally events;
    private final Findings findings;

    DemoFigures(PlatformClient client, PlatformReadings readings, ObjectMapper mapper, EventTally events, Findings findings) {
        this.client = client;
        this.readings = readings;
        this.mapper = mapper;
        this.events = events;
        this.findings = findings;
    }

    void collect() {
        // a person has access in a workspace when the last of their UserProvisioned / UserDeprovisioned there provisioned
        Map<String, Map<String, Boolean>> access = new TreeMap<>();
        for (EventTally.Event e : events.all()) {
            if (e.type().equals("UserProvisioned") || e.type().equals("UserDeprovisioned")) {
                access.computeIfAbsent(e.key(), k -> new HashMap<>()).put(e.body().path("employeeId").asText(),
                        e.type().equals("UserProvisioned"));
            }
        }
        Map<String, String> perWorkspace = new TreeMap<>();
        access.forEach((workspace, people) -> perWorkspace.put(workspace, people.values().stream().filter(b -> b).count()
                + " with access (" + people.size() + " provisioned)"));
        findings.figure("people per workspace", perWorkspace);
        findings.figure("people deprovisioned (left or no longer entitled)", events.count("UserDeprovisioned"));
        findings.figure("grants applied", events.count("AccessGranted"));
        findings.figure("Unity Catalog catalogs provisioned", events.of("CatalogProvisioned").stream()
                .map(e -> e.key() + ": " + e.body().path("catalogName").asText()).distinct().sorted().toList());
        findings.figure("account groups assigned to workspaces", events.of("GroupAssigned").stream()
                .map(e -> e.key() + ": " + e.body().path("groupName").asText() + " " + e.body().path("permission").asText())
                .distinct().sorted().toList());
        findings.figure("data grants applied / removed", events.count("DataGrantApplied") + " / " + events.count("DataGrantRemoved"));
        findings.figure("drift corrected", events.of("DriftCorrected").stream().map(e -> e.key() + ": "
                + e.body().path("corrections").size() + " corrections").toList());
        findings.figure("drift reported only", events.of("DriftDetected").stream().filter(e -> "report".equals(e.body().path("mode").asText()))
                .map(e -> e.key() + ": " + e.body().path("differences").size() + " differences").toList());
        Map<String, Long> revoked = events.of("TokenRevoked").stream().collect(Collectors.groupingBy(e -> e.body().path("rule").asText(),
                TreeMap::new, Collectors.counting()));
        Map<String, Long> reported = events.of("TokenViolationFound").stream().collect(Collectors.groupingBy(
                e -> e.body().path("rule").asText(), TreeMap::new, Collectors.counting()));
        findings.figure("tokens revoked, by rule", revoked);
        findings.figure("tokens reported, by rule", reported);
        // the seeded tokens: two of leavers, two without expiry, two beyond their workspace's maximum, two near expiry;
        // and the one-day token of the person who changed each workspace by hand is near expiry too
        findings.expect("tokens revoked", revoked, Map.of("owner-inactive", 2L, "no-expiry", 2L, "exceeds-max-lifetime", 2L));
        findings.expect("tokens reported", reported, Map.of("near-expiry", 4L));
        long audited = readings.auditRecords();
        long served = readings.servedCalls();
        findings.figure("audit records stored / calls the emulator served", audited + " / " + served);
        if (audited != served) {
            findings.problem("audit records (" + audited + ") differ from calls served (" + served + ")");
        }
        JsonNode verify = client.api(Caller.AUDITOR, "GET", readings.service("audit-service", "/api/v1/audit/verify"), null).expect(200).json(mapper);
        findings.figure("audit chain", verify.path("intact").asBoolean() ? "intact, " + verify.path("records").asLong() + " records verified"
                : "BROKEN at " + verify);
        if (!verify.path("intact").asBoolean()) {
            findings.problem("the audit chain does not verify: " + verify);
        }
    }
}
