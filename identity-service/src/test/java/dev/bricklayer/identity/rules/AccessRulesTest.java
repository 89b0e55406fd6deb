package dev.bricklayer.identity.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.workspace.Entitlement;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.identity.scim.Entitlements;

class AccessRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final WorkspaceView STANDARD = new WorkspaceView("ws-analytics-prod", Map.of("data-classification", "internal", "env", "prod"),
            Set.of("data-engineers", "data-analysts"));
    private static final WorkspaceView RESTRICTED = new WorkspaceView("ws-finance-restricted", Map.of("data-classification", "confidential"),
            Set.of("restricted-analysts"));

    @TempDir
    Path folder;

    private static AccessRules shipped() {
        return AccessRules.load(Path.of("..", "access-rules"), MAPPER);
    }

    @Test
    void theShippedRulesLoadAndGiveTheShippedBlueprintsGroups() {
        AccessRules rules = shipped();
        assertThat(rules.all()).extracting(AccessRule::name)
                .containsExactly("data-engineering", "analysts", "finance-restricted", "platform-operations");
        HrAttributes engineer = new HrAttributes("Data Platform", "CC-1000", "Senior Data Engineer", "Zurich", EmploymentType.EMPLOYEE);
        assertThat(rules.evaluate(engineer, STANDARD)).get().satisfies(access -> {
            assertThat(access.groups()).containsExactly("data-engineers");
            assertThat(access.rules()).containsExactly("data-engineering");
        });
        assertThat(rules.evaluate(engineer, RESTRICTED)).isEmpty();

        HrAttributes financeAnalyst = new HrAttributes("Finance", "CC-4711", "Financial Analyst", null, EmploymentType.EMPLOYEE);
        assertThat(rules.evaluate(financeAnalyst, STANDARD).orElseThrow().groups()).containsExactly("data-analysts");
        assertThat(rules.evaluate(financeAnalyst, RESTRICTED).orElseThrow().groups()).containsExactly("restricted-analysts");
        // the same analyst as a contractor: no confidential data
        HrAttributes contractor = new HrAttributes("Finance", "CC-4711", "Financial Analyst", null, EmploymentType.CONTRACTOR);
        assertThat(rules.evaluate(contractor, RESTRICTED)).isEmpty();
        assertThat(rules.evaluate(contractor, STANDARD)).isPresent();
    }

    @Test
    void aPersonNoRuleMatchesGetsNothingAndThatIsNotAnError() {
        HrAttributes receptionist = new HrAttributes("Facilities", "CC-9000", "Receptionist", "Berlin", EmploymentType.EMPLOYEE);
        assertThat(shipped().evaluate(receptionist, STANDARD)).isEmpty();
        assertThat(shipped().evaluate(receptionist, RESTRICTED)).isEmpty();
    }

    @Test
    void aRuleSelectingByNameGivesOnlyTheGroupsTheWorkspaceDefinesAndItsEntitlements() {
        HrAttributes platform = new HrAttributes("Data Platform", "CC-1000", "Platform Engineer", null, null);
        assertThat(shipped().evaluate(platform, STANDARD)).get().satisfies(access -> {
            assertThat(access.groups()).containsExactly("data-engineers");
            assertThat(access.entitlements()).containsExactly("workspace-access");
        });
        // the restricted blueprint has no data-engineers group: only the entitlement
        assertThat(shipped().evaluate(platform, RESTRICTED)).get().satisfies(access -> {
            assertThat(access.groups()).isEmpty();
            assertThat(access.entitlements()).containsExactly("workspace-access");
        });
        WorkspaceView otherName = new WorkspaceView("ws-other", Map.of(), Set.of("data-engineers"));
        assertThat(shipped().evaluate(platform, otherName)).isEmpty();
    }

    @Test
    void matchingIgnoresCaseAndJobTitlesTakeWildcards() throws IOException {
        write("r.yaml", """
                version: 2
                rules:
                  - name: engineers
                    match: {department: [data platform], jobTitle: ["*engineer", "Architect ?"]}
                    workspaces: {tags: {team: data}}
                    groups: [data-engineers]
                """);
        AccessRules rules = AccessRules.load(folder, MAPPER);
        WorkspaceView data = new WorkspaceView("w", Map.of("team", "data"), Set.of("data-engineers"));
        assertThat(rules.evaluate(new HrAttributes("DATA PLATFORM", "c", "Senior Data Engineer", null, null), data)).isPresent();
        assertThat(rules.evaluate(new HrAttributes("Data Platform", "c", "Architect X", null, null), data)).isPresent();
        assertThat(rules.evaluate(new HrAttributes("Data Platform", "c", "Architect XY", null, null), data)).isEmpty();
        assertThat(rules.evaluate(new HrAttributes("Data Platform", "c", "Engineering Manager", null, null), data)).isEmpty();
        // a location the rule names must be there
        write("s.yaml", """
                version: 1
                rules:
                  - name: zurich
                    match: {location: [Zurich]}
                    workspaces: {names: [w]}
                    entitlements: [workspace-access]
                """);
        AccessRules located = AccessRules.load(folder, MAPPER);
        assertThat(located.evaluate(new HrAttributes("X", "c", "t", null, null), data)).isEmpty();
        assertThat(located.evaluate(new HrAttributes("X", "c", "t", "zurich", null), data)).isPresent();
        assertThat(located.versions()).containsEntry("r.yaml", 2).containsEntry("s.yaml", 1);
    }

    @Test
    void badRulesStopTheServiceNamingFilePathCheckAndRule() throws IOException {
        write("bad.yaml", """
                version: 1
                rules:
                  - name: analysts
                    match: {employmentType: [employee, freelancer]}
                    workspaces: {}
                    groups: [admins]
                  - name: Bad Name
                    match: {}
                    workspaces: {names: [w]}
                """);
        assertThatThrownBy(() -> AccessRules.load(folder, MAPPER)).isInstanceOfSatisfying(InvalidFilesException.class, e -> {
            assertThat(e.problems()).extracting(p -> p.file() + " " + p.path() + " " + p.rule() + " " + p.subject()).containsExactlyInAnyOrder(
                    "bad.yaml /rules/0/match/employmentType/1 enum analysts",
                    "bad.yaml /rules/0/workspaces selector-required analysts",
                    "bad.yaml /rules/0/groups/0 reserved-group analysts",
                    "bad.yaml /rules/1/name pattern Bad Name",
                    "bad.yaml /rules/1/match match-required Bad Name",
                    "bad.yaml /rules/1 grants-nothing Bad Name");
            assertThat(e.getMessage()).contains("bad.yaml /rules/0/match/employmentType/1 [enum] (analysts) 'freelancer' is not one of");
        });
    }

    @Test
    void unknownPropertiesBadEntitlementsDuplicatesAndBrokenYamlAreRefused() throws IOException {
        write("a.yaml", """
                version: 1
                rules:
                  - name: one
                    match: {department: [X]}
                    workspaces: {names: [w]}
                    groups: [g]
                    entitelments: [workspace-access]
                """);
        assertProblem("a.yaml", "/rules/0/entitelments", "unknown-property", "one");
        Files.delete(folder.resolve("a.yaml"));
        write("b.yaml", """
                version: 1
                rules:
                  - name: two
                    match: {department: [X]}
                    workspaces: {names: [w]}
                    entitlements: [cluster-admin]
                """);
        assertProblem("b.yaml", "/rules/0/entitlements/0", "enum", "two");
        Files.delete(folder.resolve("b.yaml"));
        String rule = """
                version: 1
                rules:
                  - name: same
                    match: {department: [X]}
                    workspaces: {names: [w]}
                    groups: [g]
                """;
        write("c.yaml", rule);
        write("d.yaml", rule);
        assertProblem("d.yaml", "/rules/0/name", "unique", "same");
        Files.delete(folder.resolve("c.yaml"));
        Files.delete(folder.resolve("d.yaml"));
        write("e.yaml", "version: 1\nrules: [\n");
        assertProblem("e.yaml", "", "yaml", null);
        Files.delete(folder.resolve("e.yaml"));
        write("f.yaml", "rules: []\n");
        assertProblem("f.yaml", "/version", "required", null);
        assertThatThrownBy(() -> AccessRules.load(folder.resolve("nothing-here"), MAPPER)).isInstanceOf(InvalidFilesException.class)
                .hasMessageContaining("bricklayer.identity.access-rules-dir");
    }

    @Test
    void theFingerprintChangesWithTheRules() throws IOException {
        write("r.yaml", "version: 1\nrules: []\n");
        String before = AccessRules.load(folder, MAPPER).fingerprint();
        assertThat(AccessRules.load(folder, MAPPER).fingerprint()).isEqualTo(before);
        write("r.yaml", "version: 2\nrules: []\n");
        assertThat(AccessRules.load(folder, MAPPER).fingerprint()).isNotEqualTo(before);
    }

    @Test
    void entitlementsAreSpelledAsScimSpellsThem() {
        for (Entitlement entitlement : Entitlement.values()) {
            assertThat(Entitlements.wire(entitlement)).isEqualTo(MAPPER.convertValue(entitlement, String.class));
        }
    }

    private void assertProblem(String file, String path, String check, String ruleName) {
        assertThatThrownBy(() -> AccessRules.load(folder, MAPPER)).isInstanceOfSatisfying(InvalidFilesException.class, e ->
                assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo(file);
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.rule()).isEqualTo(check);
                    assertThat(p.subject()).isEqualTo(ruleName);
                }));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }
}
