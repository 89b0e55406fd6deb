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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.identity.WorkspacePermission;
import dev.bricklayer.common.files.InvalidFilesException;

/**
 * The account-scope fields of access rules — the workspace permission a rule's groups are assigned with and the Unity
 * Catalog privileges they hold — as loaded, checked at start and evaluated for a workspace.
 */
class DataGrantRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final WorkspaceView ANALYTICS = new WorkspaceView("ws-a", Map.of("data-classification", "internal"),
            Set.of("data-engineers", "data-analysts"), Map.of("analytics", Set.of("default", "reports")));
    private static final WorkspaceView FINANCE = new WorkspaceView("ws-f", Map.of("data-classification", "confidential"),
            Set.of("restricted-analysts"), Map.of("finance", Set.of("default", "reports")));

    @TempDir
    Path folder;

    @Test
    void aWorkspaceGetsItsGroupsPermissionsAndTheirPrivilegesOnItsOwnCatalogsOnly() throws IOException {
        write("r.yaml", """
                version: 1
                rules:
                  - name: engineers
                    match: {department: [Data Platform]}
                    workspaces: {tags: {data-classification: internal}}
                    groups: [data-engineers]
                    workspacePermission: ADMIN
                    dataGrants:
                      - {catalog: analytics, privileges: [USE_CATALOG, USE_SCHEMA, SELECT]}
                      - {catalog: finance, privileges: [USE_CATALOG]}
                  - name: analysts
                    match: {jobTitle: ["*Analyst*"]}
                    workspaces: {tags: {data-classification: internal}}
                    groups: [data-analysts, data-engineers]
                    dataGrants:
                      - {catalog: analytics, privileges: [USE_CATALOG]}
                      - {schema: analytics.reports, privileges: [USE_SCHEMA, SELECT]}
                      - {schema: analytics.unknown, privileges: [SELECT]}
                """);
        AccessRules rules = AccessRules.load(folder, MAPPER);

        GroupAccess analytics = rules.groupAccess(ANALYTICS);
        assertThat(analytics.permissions()).containsEntry("data-engineers", WorkspacePermission.ADMIN)
                .containsEntry("data-analysts", WorkspacePermission.USER);
        assertThat(analytics.privileges()).containsOnlyKeys(new Securable(SecurableType.CATALOG, "analytics"),
                new Securable(SecurableType.SCHEMA, "analytics.reports"));
        assertThat(analytics.privileges().get(new Securable(SecurableType.CATALOG, "analytics")))
                .containsEntry("data-engineers", new java.util.TreeSet<>(Set.of("SELECT", "USE_CATALOG", "USE_SCHEMA")))
                .containsEntry("data-analysts", new java.util.TreeSet<>(Set.of("USE_CATALOG")));
        assertThat(analytics.privileges().get(new Securable(SecurableType.SCHEMA, "analytics.reports")))
                .containsOnlyKeys("data-analysts", "data-engineers");
        // a workspace the rules do not select, a group it does not define: nothing
        assertThat(rules.groupAccess(FINANCE).privileges()).isEmpty();
        assertThat(rules.groupAccess(FINANCE).permission("restricted-analysts")).isEqualTo(WorkspacePermission.USER);
    }

    @Test
    void theShippedRulesGiveTheDemosGroupsDataOnTheCatalogsOfTheBlueprints() {
        AccessRules shipped = AccessRules.load(Path.of("..", "access-rules"), MAPPER);
        GroupAccess standard = shipped.groupAccess(ANALYTICS);
        assertThat(standard.privileges().get(new Securable(SecurableType.CATALOG, "analytics"))).containsKeys("data-engineers", "data-analysts");
        assertThat(standard.privileges().get(new Securable(SecurableType.CATALOG, "analytics")).get("data-analysts")).contains("USE_CATALOG");
        GroupAccess restricted = shipped.groupAccess(FINANCE);
        assertThat(restricted.privileges().get(new Securable(SecurableType.CATALOG, "finance"))).containsKey("restricted-analysts");
        assertThat(restricted.privileges().keySet()).allSatisfy(s -> assertThat(s.catalog()).isEqualTo("finance"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a privilege a schema does not take      | {schema: analytics.reports, privileges: [BROWSE]}             | /rules/0/dataGrants/0/privileges/0 | privilege
            a privilege in SQL's spelling           | {catalog: analytics, privileges: [USE CATALOG]}               | /rules/0/dataGrants/0/privileges/0 | privilege
            a privilege no securable takes          | {catalog: analytics, privileges: [READ_ALL]}                  | /rules/0/dataGrants/0/privileges/0 | privilege
            a catalog name with a space             | {catalog: ana lytics, privileges: [USE_CATALOG]}              | /rules/0/dataGrants/0/catalog      | pattern
            a catalog name with a period            | {catalog: analytics.reports, privileges: [USE_CATALOG]}       | /rules/0/dataGrants/0/catalog      | pattern
            a schema without its catalog            | {schema: reports, privileges: [SELECT]}                       | /rules/0/dataGrants/0/schema       | pattern
            a schema of three parts                 | {schema: analytics.reports.daily, privileges: [SELECT]}       | /rules/0/dataGrants/0/schema       | pattern
            a catalog and a schema at once          | {catalog: analytics, schema: analytics.reports, privileges: [SELECT]} | /rules/0/dataGrants/0      | securable-required
            neither a catalog nor a schema          | {privileges: [SELECT]}                                        | /rules/0/dataGrants/0              | securable-required
            no privilege                            | {catalog: analytics, privileges: []}                          | /rules/0/dataGrants/0/privileges   | non-empty
            an unknown field                        | {catalog: analytics, privileges: [SELECT], owner: me}         | /rules/0/dataGrants/0/owner        | unknown-property
            """)
    void aBadDataGrantStopsTheServiceNamingFilePathCheckAndRule(String situation, String grant, String path, String check) throws IOException {
        writeAnalystsGranting(grant);
        assertProblem(path, check);
    }

    @Test
    void groupsHoldTheGrantsAndThePermissionSoARuleWithoutGroupsIsRefused() throws IOException {
        write("bad.yaml", """
                version: 1
                rules:
                  - name: loners
                    match: {department: [Finance]}
                    workspaces: {names: [ws-a]}
                    entitlements: [workspace-access]
                    workspacePermission: ADMIN
                    dataGrants:
                      - {catalog: analytics, privileges: [USE_CATALOG]}
                """);
        assertProblem("/rules/0/groups", "groups-required");
    }

    @Test
    void aWorkspacePermissionIsUserOrAdmin() throws IOException {
        write("bad.yaml", """
                version: 1
                rules:
                  - name: owners
                    match: {department: [Finance]}
                    workspaces: {names: [ws-a]}
                    groups: [data-analysts]
                    workspacePermission: OWNER
                """);
        assertThatThrownBy(() -> AccessRules.load(folder, MAPPER)).isInstanceOfSatisfying(InvalidFilesException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("/rules/0/workspacePermission");
                assertThat(p.rule()).isEqualTo("enum");
                assertThat(p.subject()).isEqualTo("owners");
            });
            assertThat(e.getMessage()).contains("'OWNER' is not a workspace permission (USER, ADMIN)");
        });
    }

    @Test
    void theRefusalOfAPrivilegeNamesThePrivilegesTheSecurableTakes() throws IOException {
        writeAnalystsGranting("{schema: analytics.reports, privileges: [USE_CATALOG]}");
        assertThatThrownBy(() -> AccessRules.load(folder, MAPPER)).isInstanceOf(InvalidFilesException.class)
                .hasMessageContaining("bad.yaml /rules/0/dataGrants/0/privileges/0 [privilege] (analysts) 'USE_CATALOG' is not a privilege of a schema (")
                .hasMessageContaining("USE_SCHEMA");
    }

    private void assertProblem(String path, String check) {
        assertThatThrownBy(() -> AccessRules.load(folder, MAPPER)).isInstanceOfSatisfying(InvalidFilesException.class, e ->
                assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.file()).isEqualTo("bad.yaml");
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.rule()).isEqualTo(check);
                    assertThat(p.subject()).isNotNull();
                }));
    }

    /** {@code bad.yaml}: one rule, {@code analysts}, whose one data grant is {@code grant}. */
    private void writeAnalystsGranting(String grant) throws IOException {
        write("bad.yaml", """
                version: 1
                rules:
                  - name: analysts
                    match: {department: [Finance]}
                    workspaces: {names: [ws-a]}
                    groups: [data-analysts]
                    dataGrants:
                      - %s
                """.formatted(grant));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }
}
