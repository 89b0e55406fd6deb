package dev.bricklayer.identity.datagrants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bricklayer.identity.datagrants.UnityCatalogPermissionsClient.Change;

/**
 * The changes of one securable's grants, without HTTP: what the managed groups hold now, what the rules give them, whom
 * Bricklayer manages → the add/remove change per principal. Cells: {@code principal=PRIV PRIV; …}, {@code _} nothing.
 */
class DataGrantPlanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a group gets what the rules give            | _                                | analysts=SELECT USE_CATALOG | analysts          | analysts+SELECT USE_CATALOG
            held exactly: nothing to do                 | analysts=SELECT                  | analysts=SELECT             | analysts          | _
            what no rule gives any more is removed      | analysts=ALL_PRIVILEGES SELECT   | analysts=SELECT             | analysts          | analysts-ALL_PRIVILEGES
            added and removed in one change             | analysts=MODIFY                  | analysts=SELECT             | analysts          | analysts+SELECT-MODIFY
            a managed group no rule gives loses all     | engineers=MODIFY SELECT          | _                           | engineers         | engineers-MODIFY SELECT
            principals not managed are never touched    | owner=MANAGE;analysts=SELECT     | analysts=SELECT             | analysts          | _
            a hand-made grant to a person stays         | ann@contoso.com=SELECT           | analysts=USE_CATALOG        | analysts          | analysts+USE_CATALOG
            several groups, in principal order          | engineers=SELECT                 | analysts=SELECT;engineers=MODIFY SELECT | analysts engineers | analysts+SELECT;engineers+MODIFY
            """)
    void theChangesOfOneSecurable(String situation, String current, String desired, String managed, String expected) {
        assertThat(DataGrantPlan.changes(grants(current), grants(desired), set(managed)))
                .extracting(DataGrantPlanTest::render).containsExactlyElementsOf(expected.equals("_") ? Set.of() : Arrays.asList(expected.split(";")));
    }

    private static String render(Change change) {
        return change.principal() + (change.add().isEmpty() ? "" : "+" + String.join(" ", change.add()))
                + (change.remove().isEmpty() ? "" : "-" + String.join(" ", change.remove()));
    }

    private static Map<String, SortedSet<String>> grants(String cell) {
        Map<String, SortedSet<String>> grants = new LinkedHashMap<>();
        if (!cell.equals("_")) {
            for (String entry : cell.split(";")) {
                String[] parts = entry.split("=");
                grants.put(parts[0], set(parts[1]));
            }
        }
        return grants;
    }

    private static SortedSet<String> set(String cell) {
        return cell.equals("_") ? new TreeSet<>() : new TreeSet<>(Arrays.asList(cell.split(" ")));
    }
}
