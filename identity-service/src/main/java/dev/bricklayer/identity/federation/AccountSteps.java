package dev.bricklayer.identity.federation;

import java.util.SortedSet;
import java.util.TreeSet;

import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.federation.AccountStore.AccountUser;
import dev.bricklayer.identity.lifecycle.PendingAccount;

/** The steps of {@link AccountPeople}'s convergence of one person: what is attempted, and their account user after its call. */
final class AccountSteps {

    private AccountSteps() {
    }

    record Attempt(PendingAccount.Mark mark, Person person, AccountUser before, AccountPlan plan) {
    }

    /** A person's account user after its call; {@code groups} {@code null} when they are to be read (adopted). */
    record UserStep(Attempt attempt, String userId, boolean active, boolean adopted, SortedSet<String> groups, Throwable error) {

        static UserStep unchanged(Attempt attempt) {
            AccountUser before = attempt.before();
            return before == null ? new UserStep(attempt, null, false, false, new TreeSet<>(), null)
                    : new UserStep(attempt, before.userId(), before.active(), before.adopted(), before.groups(), null);
        }

        static UserStep failed(Attempt attempt, Throwable error) {
            UserStep unchanged = unchanged(attempt);
            return new UserStep(attempt, unchanged.userId, unchanged.active, unchanged.adopted, unchanged.groups, error);
        }

        static UserStep after(Attempt attempt, AccountUsers.Result result) {
            AccountUser before = attempt.before();
            return switch (result.outcome()) {
                case CREATED -> new UserStep(attempt, result.id(), true, false, new TreeSet<>(), null);
                case ADOPTED -> new UserStep(attempt, result.id(), true, true, null, null);
                case RESOLVED -> new UserStep(attempt, result.id(), result.active(), true, attempt.plan().groups(), null);
                case UPDATED -> new UserStep(attempt, result.id(), result.active(), before.adopted(), before.groups(), null);
                case GONE -> new UserStep(attempt, result.id(), false, before.adopted(), new TreeSet<>(), null);
            };
        }
    }
}
