package dev.bricklayer.identity.people;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bricklayer.common.events.hr.HrEventOrder;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.messaging.IncomingEvent;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.lifecycle.ConvergenceMarker;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.workspace.WorkspaceStore;

/**
 * Applies HR events (read and checked by the binding's routes) to the people projection, and marks the workspaces
 * where a person's access has to change; the calls themselves are made by the workspaces' work. Which event counts
 * is {@link HrEventOrder}'s rule, the one token-service applies too, with the person's last applied event as its
 * {@code Last}:
 * <ul>
 *   <li>dated more than {@code bricklayer.hr.max-clock-skew} in the future: refused ({@code future},
 *       {@code /occurredAt}) — otherwise it would make every later event about the person stale;</li>
 *   <li>not after the last event that counted (a duplicate, a replay, an older event delivered late): not applied,
 *       announced as {@code HrEventIgnored} ({@code duplicate} or {@code stale});</li>
 *   <li>{@code UserJoined} for a person who left is a rehire; {@code UserMoved} for a person never seen is taken as a
 *       joiner (HR knew them before Bricklayer did);</li>
 *   <li>{@code UserLeft} for a person never seen is remembered (a person who left, as of that date), so that an older
 *       joiner arriving afterwards is stale; where a workspace has a user of that name (made by hand), it is
 *       deactivated there;</li>
 *   <li>a {@code userName} another employee has ({@code unique}), or one that differs from the person's known one
 *       ({@code immutable}: SCIM user names cannot change), is refused as a {@code conflict}; a leaver already known
 *       is deprovisioned by employee id whatever name the event gives.</li>
 * </ul>
 */
public class HrEventApplier {

    private static final Logger log = LoggerFactory.getLogger(HrEventApplier.class);

    private final PeopleStore people;
    private final WorkspaceStore workspaces;
    private final ConvergenceMarker marker;
    private final UnknownLeavers unknownLeavers;
    private final HrEventOrder order;
    private final HrEventAnnouncer announcer;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public HrEventApplier(PeopleStore people, WorkspaceStore workspaces, ConvergenceMarker marker, UnknownLeavers unknownLeavers,
                          HrEventOrder order, HrEventAnnouncer announcer, TransactionTemplate transactions, Clock clock) {
        this.people = people;
        this.workspaces = workspaces;
        this.marker = marker;
        this.unknownLeavers = unknownLeavers;
        this.order = order;
        this.announcer = announcer;
        this.transactions = transactions;
        this.clock = clock;
    }

    public HrEventOutcome joined(UserJoined event, IncomingEvent incoming) {
        return apply(event.employeeId(), "UserJoined", event.occurredAt(), incoming, known -> {
            checkUserName(known, event.employeeId(), event.userName());
            if (known.isPresent() && !known.get().active()) {
                log.info("Rehire of {} ({})", event.employeeId(), event.userName());
            }
            return new Person(event.employeeId(), event.userName(), event.displayName(), event.givenName(), event.familyName(),
                    event.attributes(), Person.Status.ACTIVE, "UserJoined", incoming.id(), event.occurredAt(), event.effectiveDate(),
                    clock.instant(), entraObjectId(event.entraObjectId(), known));
        });
    }

    public HrEventOutcome moved(UserMoved event, IncomingEvent incoming) {
        return apply(event.employeeId(), "UserMoved", event.occurredAt(), incoming, known -> {
            checkUserName(known, event.employeeId(), event.userName());
            if (known.isEmpty()) {
                log.info("UserMoved for {} ({}), never seen joining: provisioned as a joiner", event.employeeId(), event.userName());
                return new Person(event.employeeId(), event.userName(), event.displayName(), null, null, event.current(),
                        Person.Status.ACTIVE, "UserMoved", incoming.id(), event.occurredAt(), event.effectiveDate(), clock.instant(),
                        event.entraObjectId());
            }
            Person before = known.get();
            if (!before.active()) {
                log.info("UserMoved for {} who left: attributes recorded, no access given", event.employeeId());
            }
            return new Person(before.employeeId(), before.userName(), event.displayName() != null ? event.displayName() : before.displayName(),
                    before.givenName(), before.familyName(), event.current(), before.status(), "UserMoved", incoming.id(), event.occurredAt(),
                    event.effectiveDate(), clock.instant(), entraObjectId(event.entraObjectId(), known));
        });
    }

    public HrEventOutcome left(UserLeft event, IncomingEvent incoming) {
        if (people.find(event.employeeId()).isPresent()) {
            return apply(event.employeeId(), "UserLeft", event.occurredAt(), incoming, known -> leaver(known.orElseThrow(), event, incoming));
        }
        // never seen: checked before any workspace is asked for a user of that name
        refuseIfFuture(order.decide(Optional.empty(), "UserLeft", event.occurredAt()));
        people.otherWithUserName(event.employeeId(), event.userName()).ifPresent(other -> {
            throw conflict("unique", "userName " + event.userName() + " belongs to employee " + other);
        });
        Map<String, ScimModel.User> found = unknownLeavers.find(event.userName());
        return apply(event.employeeId(), "UserLeft", event.occurredAt(), incoming,
                known -> known.map(before -> leaver(before, event, incoming)).orElseGet(() -> remembered(event, incoming)),
                (known, person) -> {
                    if (known.isEmpty()) { // still never seen: the users made by hand are its access now
                        unknownLeavers.record(person.employeeId(), found);
                        log.info("UserLeft for {} ({}), never seen before: remembered as left{}", event.employeeId(), event.userName(),
                                found.isEmpty() ? "; no workspace has a user of that name" : "; found in " + found.keySet() + ", deactivated there");
                    }
                });
    }

    /** A leaver never seen, remembered as one who left: an older joiner arriving afterwards is stale. */
    private Person remembered(UserLeft event, IncomingEvent incoming) {
        return new Person(event.employeeId(), event.userName(), null, null, null, null, Person.Status.LEFT, "UserLeft", incoming.id(),
                event.occurredAt(), event.leftDate(), clock.instant(), event.entraObjectId());
    }

    private Person leaver(Person before, UserLeft event, IncomingEvent incoming) {
        return new Person(before.employeeId(), before.userName(), before.displayName(), before.givenName(), before.familyName(),
                before.attributes(), Person.Status.LEFT, "UserLeft", incoming.id(), event.occurredAt(), event.leftDate(), clock.instant(),
                entraObjectId(event.entraObjectId(), Optional.of(before)));
    }

    /** The Entra ID object id an event carries, else the one known: optional in the events, it never changes. */
    private static String entraObjectId(String given, Optional<Person> known) {
        return given != null ? given : known.map(Person::entraObjectId).orElse(null);
    }

    /**
     * In one transaction, with the person locked: whether the event counts; if it does, the person it makes, saved, and
     * the workspaces marked. An event that does not count is announced after the transaction.
     */
    private HrEventOutcome apply(String employeeId, String type, Instant occurredAt, IncomingEvent incoming,
                                 Function<Optional<Person>, Person> next) {
        return apply(employeeId, type, occurredAt, incoming, next, (known, person) -> { });
    }

    /** As above; {@code saved} runs in the same transaction once the person is saved (rows that refer to the person). */
    private HrEventOutcome apply(String employeeId, String type, Instant occurredAt, IncomingEvent incoming,
                                 Function<Optional<Person>, Person> next, BiConsumer<Optional<Person>, Person> saved) {
        HrEventOutcome outcome = transactions.execute(status -> {
            Optional<Person> known = people.lock(employeeId);
            HrEventOrder.Decision decision = order.decide(known.map(p -> new HrEventOrder.Last(p.lastEventType(), p.lastEventAt())), type,
                    occurredAt);
            refuseIfFuture(decision);
            if (!decision.applies()) {
                return new HrEventOutcome.Ignored(employeeId, duplicate(known.orElseThrow(), type, occurredAt, incoming) ? "duplicate" : "stale",
                        decision.why());
            }
            Person person = next.apply(known);
            people.save(person);
            saved.accept(known, person);
            return new HrEventOutcome.Applied(employeeId, marker.markPerson(person, workspaces.all()));
        });
        if (outcome instanceof HrEventOutcome.Ignored ignored) {
            announcer.ignored(incoming, ignored);
        }
        return outcome;
    }

    /** The same event as the last one that counted: the same message, or the same type at the same instant. */
    private static boolean duplicate(Person last, String type, Instant occurredAt, IncomingEvent incoming) {
        return incoming.id() != null && incoming.id().equals(last.lastEventId())
                || type.equals(last.lastEventType()) && occurredAt.equals(last.lastEventAt());
    }

    private static void refuseIfFuture(HrEventOrder.Decision decision) {
        if (decision.verdict() == HrEventOrder.Verdict.FUTURE) {
            throw new UnprocessableEventException("future", "/occurredAt", "future", decision.why());
        }
    }

    private void checkUserName(Optional<Person> known, String employeeId, String userName) {
        Optional<String> other = people.otherWithUserName(employeeId, userName);
        if (other.isPresent()) {
            throw conflict("unique", "userName " + userName + " belongs to employee " + other.get());
        }
        if (known.isPresent() && !known.get().userName().equalsIgnoreCase(userName)) {
            throw conflict("immutable", "employee " + employeeId + " is provisioned as " + known.get().userName()
                    + "; SCIM user names cannot change");
        }
    }

    private static UnprocessableEventException conflict(String rule, String message) {
        return new UnprocessableEventException("conflict", "/userName", rule, message);
    }
}
