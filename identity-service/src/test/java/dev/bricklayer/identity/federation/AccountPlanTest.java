package dev.bricklayer.identity.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bricklayer.identity.federation.AccountPlan.Call;
import dev.bricklayer.identity.federation.AccountStore.AccountUser;
import dev.bricklayer.identity.lifecycle.AccessPlan;

/**
 * The account plan of one person, without Kafka, PostgreSQL or HTTP: from their account user and the groups the rules
 * give them in all account-scope workspaces together, the one user call, whether the account is as wanted already, and
 * the groups to join and leave. Cells: {@code -} no account user; sets space-separated, {@code _} empty.
 */
class AccountPlanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            joiner                                   | false | -        | _     | analysts           | CREATE     | true  | false | analysts  | _
            joiner with groups from two workspaces   | false | -        | _     | analysts engineers | CREATE     | true  | false | analysts engineers | _
            nobody: no account user                  | false | -        | _     | _                  | NONE       | false | true  | _         | _
            unchanged                                | false | active   | analysts | analysts        | NONE       | true  | true  | _         | _
            mover: memberships only                  | false | active   | engineers | analysts       | NONE       | true  | false | analysts  | engineers
            rehire                                   | false | inactive | _     | analysts           | ACTIVATE   | true  | false | analysts  | _
            leaver: deactivated, out of the groups   | false | active   | analysts engineers | _     | DEACTIVATE | false | false | _         | analysts engineers
            leaver already inactive and out          | false | inactive | _     | _                  | NONE       | false | true  | _         | _
            automatic: resolved, never created       | true  | -        | _     | analysts           | RESOLVE    | true  | false | _         | _
            automatic: Entra ID holds the memberships| true  | active   | _     | analysts           | NONE       | true  | true  | _         | _
            automatic: a leaver is Entra ID's        | true  | active   | analysts | _               | NONE       | true  | true  | _         | _
            """)
    void theAccountCallAndTheMemberships(String situation, boolean automatic, String user, String groupsNow, String given, Call call,
                                         boolean activeAfter, boolean current, String join, String leave) {
        AccountUser before = user == null ? null : new AccountUser("E-1", "7001", user.equals("active"), set(groupsNow), false, Instant.EPOCH);

        AccountPlan plan = AccountPlan.of(before, new AccountPlan.Desired(set(given)), automatic);

        assertThat(plan.call()).as("call").isEqualTo(call);
        assertThat(plan.active()).as("active after").isEqualTo(activeAfter);
        assertThat(plan.isCurrent(before)).as("account as wanted already").isEqualTo(current);
        AccessPlan.Membership membership = plan.membership(set(groupsNow), set("analysts engineers"));
        assertThat(membership.join()).as("join").isEqualTo(set(join));
        assertThat(membership.leave()).as("leave").isEqualTo(set(leave));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a group the account does not have yet is missing | _        | analysts finance | analysts | analysts | finance | _
            a group no longer managed is dropped, untouched  | old      | analysts         | analysts | analysts | _       | old
            """)
    void groupsWithoutAnAccountIdAreMissingOrUnmanaged(String situation, String current, String given, String existing, String join,
                                                       String missing, String unmanaged) {
        AccessPlan.Membership membership = AccountPlan.of(new AccountUser("E-1", "7001", true, set(current), false, Instant.EPOCH),
                new AccountPlan.Desired(set(given)), false).membership(set(current), set(existing));

        assertThat(membership.join()).isEqualTo(set(join));
        assertThat(membership.missing()).isEqualTo(set(missing));
        assertThat(membership.unmanaged()).isEqualTo(set(unmanaged));
    }

    private static SortedSet<String> set(String cell) {
        return cell.equals("_") ? new TreeSet<>() : new TreeSet<>(Arrays.asList(cell.split(" ")));
    }
}
