package dev.bricklayer.identity.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.lifecycle.AccessPlan.Call;
import dev.bricklayer.identity.rules.Access;
import dev.bricklayer.identity.scim.ScimUsers;

/**
 * The access plan of one person in one workspace, without Kafka, PostgreSQL or HTTP: from what is provisioned and
 * what the rules give, the user call and the user's state after it; from the groups the user is in, the groups to
 * join and leave. Cells: {@code -} nothing provisioned / nothing given; sets are space-separated, {@code _} empty.
 */
class AccessPlanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            joiner                       | -                   | -     | a       | e1     | CREATE     | _  | _     | _     | true  | e1
            joiner without entitlements  | -                   | -     | a       | _      | CREATE     | _  | _     | _     | true  | _
            unchanged                    | a                   | e1    | a       | e1     | NONE       | _  | _     | _     | true  | e1
            mover: entitlements follow   | a                   | e1 e2 | b       | e2 e3  | UPDATE     | _  | e3    | e1    | true  | e2 e3
            mover: only groups change    | a                   | e1    | b       | e1     | NONE       | _  | _     | _     | true  | e1
            rehire                       | inactive            | e1    | a       | e1     | UPDATE     | on | _     | _     | true  | e1
            rehire with new entitlement  | inactive            | _     | a       | e2     | UPDATE     | on | e2    | _     | true  | e2
            leaver                       | a                   | e1    | -       | -      | DEACTIVATE | _  | _     | _     | false | e1
            leaver already inactive      | inactive            | e1    | -       | -      | NONE       | _  | _     | _     | false | e1
            never had access, none given | -                   | -     | -       | -      | NONE       | _  | _     | _     | false | _
            """)
    void theUserCallAndTheUsersStateAfterIt(String situation, String provisioned, String provisionedEntitlements, String givenGroups,
                                            String givenEntitlements, Call call, String activate, String add, String remove, boolean active,
                                            String entitlementsAfter) {
        PersonAccess before = provisioned == null ? null : access(!provisioned.equals("inactive"), set(provisionedEntitlements));
        Optional<Access> desired = givenGroups == null ? Optional.empty()
                : Optional.of(new Access(set(givenGroups), set(givenEntitlements), List.of("rule")));

        AccessPlan plan = AccessPlan.of(before, desired);

        assertThat(plan.call()).as("call").isEqualTo(call);
        assertThat(plan.change().activate()).as("activate").isEqualTo("on".equals(activate));
        assertThat(plan.change().add()).as("entitlements added").isEqualTo(set(add));
        assertThat(plan.change().remove()).as("entitlements removed").isEqualTo(set(remove));
        assertThat(plan.active()).as("active after").isEqualTo(active);
        assertThat(plan.entitlements()).as("entitlements after").isEqualTo(set(entitlementsAfter));
        assertThat(plan.granted()).as("granted").isEqualTo(givenGroups != null);
        assertThat(plan.groups()).as("groups to be in").isEqualTo(givenGroups == null ? set("_") : set(givenGroups));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            joiner                          | _         | a b     | a b       | a b   | _     | _   | _
            mover                           | a         | b       | a b       | b     | a     | _   | _
            leaver                          | a b       | _       | a b       | _     | a b   | _   | _
            nothing to do                   | a         | a       | a         | _     | _     | _   | _
            group not made yet              | _         | a b     | a         | a     | _     | b   | _
            group no longer managed         | a old     | a       | a         | _     | _     | _   | old
            leaver of an unmanaged group    | old       | _       | a         | _     | _     | _   | old
            """)
    void theGroupsToJoinAndLeave(String situation, String current, String wanted, String existing, String join, String leave, String missing,
                                 String unmanaged) {
        AccessPlan plan = new AccessPlan(Call.NONE, ScimUsers.Change.NONE, true, set("_"), set(wanted), true);

        AccessPlan.Membership membership = plan.membership(set(current), set(existing));

        assertThat(membership.join()).as("join").isEqualTo(set(join));
        assertThat(membership.leave()).as("leave").isEqualTo(set(leave));
        assertThat(membership.missing()).as("missing").isEqualTo(set(missing));
        assertThat(membership.unmanaged()).as("unmanaged").isEqualTo(set(unmanaged));
        assertThat(membership.isEmpty()).isEqualTo(join.equals("_") && leave.equals("_") && missing.equals("_") && unmanaged.equals("_"));
    }

    private static PersonAccess access(boolean active, SortedSet<String> entitlements) {
        return new PersonAccess("E-1", "ws", "u-1", active, set("a"), entitlements, false, Instant.EPOCH);
    }

    private static SortedSet<String> set(String cell) {
        if (cell == null || cell.isBlank() || cell.equals("_")) {
            return new TreeSet<>();
        }
        return new TreeSet<>(Arrays.asList(cell.trim().split("\\s+")));
    }
}
