package dev.bricklayer.identity.federation;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.identity.account.AccountUsersClient;
import dev.bricklayer.identity.account.IdentityResolutionClient;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import reactor.core.publisher.Mono;

/**
 * The account user calls of the account scope, with the idioms the account's answers call for:
 * <ul>
 *   <li>{@link #create}: {@code POST /Users} (no entitlements: they are a workspace matter); a 409 — the user exists, made
 *       by hand, by Entra ID's sync or by an attempt whose answer was lost — reads it back ({@code filter=userName eq "…"})
 *       and adopts it, reactivated if inactive: a person is never duplicated;</li>
 *   <li>{@link #activate} / {@link #deactivate}: {@code PATCH} {@code active} in the form Terraform sends to the account
 *       ({@code [{"value": "false"}]}, reference §7.2); a user deleted by hand is made again when it is to be active, and
 *       has no access either when it is to be inactive;</li>
 *   <li>{@link #resolve} (automatic identity management): the user of the person's Entra ID object id
 *       ({@code resolve-by-external-id}), else — no object id from HR — read by user name; nothing is created.</li>
 * </ul>
 */
public class AccountUsers {

    private static final Logger log = LoggerFactory.getLogger(AccountUsers.class);

    /** What became of the user. */
    public enum Outcome { CREATED, ADOPTED, UPDATED, RESOLVED, GONE }

    /** The user after its call: its account id, whether it is active, the calls it took. */
    public record Result(Outcome outcome, String id, boolean active, int calls) {

        Result plusCalls(int more) {
            return new Result(outcome, id, active, calls + more);
        }
    }

    private final AccountUsersClient users;
    private final IdentityResolutionClient resolution;

    public AccountUsers(AccountUsersClient users, IdentityResolutionClient resolution) {
        this.users = users;
        this.resolution = resolution;
    }

    /** Creates the person's account user, or adopts the one that has their user name already. */
    public Mono<Result> create(Person person) {
        return users.create(newUser(person))
                .map(created -> new Result(Outcome.CREATED, created.id(), true, 1))
                .onErrorResume(ApiException.class, e -> e.isConflict() ? adopt(person).map(adopted -> adopted.plusCalls(1)) : Mono.error(e));
    }

    /** Reactivates the user; one deleted by hand is made again. */
    public Mono<Result> activate(String id, Person person) {
        return users.patch(id, List.of(active(true))).thenReturn(new Result(Outcome.UPDATED, id, true, 1))
                .onErrorResume(ApiException.class, e -> {
                    if (e.isNotFound()) {
                        log.info("Account user {} ({}) is gone: making it again", person.userName(), id);
                        return create(person).map(created -> created.plusCalls(1));
                    }
                    return Mono.error(e);
                });
    }

    /** Deactivates the user, once for every workspace; one that is gone has no access either. */
    public Mono<Result> deactivate(String id) {
        return users.patch(id, List.of(active(false))).thenReturn(new Result(Outcome.UPDATED, id, false, 1))
                .onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(new Result(Outcome.GONE, id, false, 1)) : Mono.error(e));
    }

    /** The person's account user as Entra ID's sync made it: by Entra ID object id, else by user name. */
    public Mono<Result> resolve(Person person) {
        if (person.entraObjectId() != null) {
            return resolution.user(person.entraObjectId()).map(user -> new Result(Outcome.RESOLVED, user.userId(), user.active(), 1));
        }
        return users.findByUserName(person.userName()).map(found -> found
                .map(user -> new Result(Outcome.RESOLVED, user.id(), user.isActive(), 1))
                .orElseThrow(() -> new IllegalStateException("no account user " + person.userName() + " yet, and HR sent no Entra ID object id "
                        + "to resolve it by: Entra ID's sync makes it")));
    }

    private Mono<Result> adopt(Person person) {
        return users.findByUserName(person.userName()).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(new IllegalStateException("Account user " + person.userName() + " answered 409 on create but cannot be found"));
            }
            ScimModel.User user = found.get();
            log.info("Adopting existing account user {} ({}){}", person.userName(), user.id(), user.isActive() ? "" : ", reactivated");
            Result adopted = new Result(Outcome.ADOPTED, user.id(), true, 1);
            return user.isActive() ? Mono.just(adopted) : users.patch(user.id(), List.of(active(true))).thenReturn(adopted.plusCalls(1));
        });
    }

    /** {@code active} as Terraform sends it to the account: a list with the string value. */
    static Operation active(boolean active) {
        return Operation.replace("active", List.of(Map.of("value", String.valueOf(active))));
    }

    private static ScimModel.NewUser newUser(Person person) {
        return new ScimModel.NewUser(List.of(ScimModel.USER_SCHEMA), person.userName(),
                person.displayName() != null ? person.displayName() : person.userName(),
                person.givenName() == null && person.familyName() == null ? null : new ScimModel.Name(person.givenName(), person.familyName()),
                List.of(new ScimModel.Value(person.userName(), null, "work", null, true)), true, null);
    }
}
