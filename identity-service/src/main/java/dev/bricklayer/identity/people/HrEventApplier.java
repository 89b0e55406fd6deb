package dev.bricklayer.identity.people;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.EventTypes;
import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.events.hr.UserJoined;
import dev.bricklayer.common.events.hr.UserLeft;
import dev.bricklayer.common.events.hr.UserMoved;
import dev.bricklayer.common.schema.EventSchemaValidator;
import dev.bricklayer.common.schema.ValidationResult;
import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.directory.PersonAccess;
import dev.bricklayer.identity.lifecycle.ConvergenceMarker;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimUsersClient;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import dev.bricklayer.identity.workspace.WorkspaceStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies HR events to the people projection and marks the workspaces where a person's access has to change; the
 * calls themselves are made by the workspaces' workers. Checks, in order: a known {@code ce_type}, the event's
 * JSON Schema (an e-mail {@code userName}, dates, …), then what can be honoured:
 * <ul>
 *   <li>an event whose {@code occurredAt} is not after the last one applied for the person is ignored — replays and
 *       out-of-order deliveries change nothing;</li>
 *   <li>{@code UserJoined} for a known person who left is a rehire;</li>
 *   <li>{@code UserMoved} for a person never seen is taken as a joiner (HR knew them before Bricklayer did);</li>
 *   <li>{@code UserLeft} for a person never seen is honoured where a user of that name exists in a workspace
 *       (made outside Bricklayer) — it is deactivated there; found nowhere, the event is rejected
 *       ({@code /employeeId}, {@code unknown-employee});</li>
 *   <li>a {@code userName} that another employee has ({@code unique}) or that differs from the person's known one
 *       ({@code immutable}: SCIM user names cannot change) is rejected; a leaver is deprovisioned by employee id
 *       whatever name the event gives.</li>
 * </ul>
 */
public class HrEventApplier {

    private static final Logger log = LoggerFactory.getLogger(HrEventApplier.class);

    static final String JOINED = EventTypes.of(UserJoined.class);
    static final String MOVED = EventTypes.of(UserMoved.class);
    static final String LEFT = EventTypes.of(UserLeft.class);
    private static final Set<String> KNOWN = Set.of(JOINED, MOVED, LEFT);

    private final EventSchemaValidator schemas;
    private final ObjectMapper mapper;
    private final PeopleStore people;
    private final AccessStore access;
    private final WorkspaceStore workspaces;
    private final ManagedPrincipals principals;
    private final ConvergenceMarker marks;
    private final ScimUsersClient users;
    private final TransactionTemplate transactions;

    public HrEventApplier(EventSchemaValidator schemas, ObjectMapper mapper, PeopleStore people, AccessStore access, WorkspaceStore workspaces,
                          ManagedPrincipals principals, ConvergenceMarker marks, ScimUsersClient users, TransactionTemplate transactions) {
        this.schemas = schemas;
        this.mapper = mapper;
        this.people = people;
        this.access = access;
        this.workspaces = workspaces;
        this.principals = principals;
        this.marks = marks;
        this.users = users;
        this.transactions = transactions;
    }

    /**
     * Handles one message of {@code hr.people.events}.
     *
     * @param ceType its {@code ce_type}
     * @param ceId   its {@code ce_id}
     * @param body   its body as received
     */
    public HrEventOutcome handle(String ceType, String ceId, byte[] body) {
        String employeeId = employeeIdOf(body);
        if (ceType == null || !KNOWN.contains(ceType)) {
            return new HrEventOutcome.Rejected(employeeId, "unknown-type", List.of(new FieldError("ce_type", "unknown-type",
                    "'" + ceType + "' is not an HR event identity-service takes (" + new TreeSet<>(KNOWN) + ")")));
        }
        ValidationResult checked = schemas.validate(ceType, body);
        if (!checked.isValid()) {
            return new HrEventOutcome.Rejected(employeeId, "schema", checked.errors());
        }
        try {
            if (ceType.equals(JOINED)) {
                return joined(mapper.readValue(body, UserJoined.class), ceId);
            }
            if (ceType.equals(MOVED)) {
                return moved(mapper.readValue(body, UserMoved.class), ceId);
            }
            return left(mapper.readValue(body, UserLeft.class), ceId);
        } catch (IOException unreadable) {
            return new HrEventOutcome.Rejected(employeeId, "schema", List.of(new FieldError("/", "json",
                    unreadable.getMessage().lines().findFirst().orElse("unreadable"))));
        }
    }

    private HrEventOutcome joined(UserJoined event, String ceId) {
        return transactions.execute(status -> {
            Optional<Person> known = people.lock(event.employeeId());
            Optional<HrEventOutcome> refused = stale(known, event.employeeId(), event.occurredAt())
                    .or(() -> nameProblems(known, event.employeeId(), event.userName()));
            if (refused.isPresent()) {
                return refused.get();
            }
            if (known.isPresent() && !known.get().active()) {
                log.info("Rehire of {} ({})", event.employeeId(), event.userName());
            }
            Person person = new Person(event.employeeId(), event.userName(), event.displayName(), event.givenName(), event.familyName(),
                    event.attributes(), Person.Status.ACTIVE, "UserJoined", ceId, event.occurredAt(), event.effectiveDate(), Instant.now());
            people.save(person);
            return new HrEventOutcome.Applied(event.employeeId(), marks.markPerson(person, workspaces.all()));
        });
    }

    private HrEventOutcome moved(UserMoved event, String ceId) {
        return transactions.execute(status -> {
            Optional<Person> known = people.lock(event.employeeId());
            Optional<HrEventOutcome> refused = stale(known, event.employeeId(), event.occurredAt())
                    .or(() -> nameProblems(known, event.employeeId(), event.userName()));
            if (refused.isPresent()) {
                return refused.get();
            }
            Person person;
            if (known.isEmpty()) {
                log.info("UserMoved for {} ({}), never seen joining: provisioned as a joiner", event.employeeId(), event.userName());
                person = new Person(event.employeeId(), event.userName(), event.displayName(), null, null, event.current(),
                        Person.Status.ACTIVE, "UserMoved", ceId, event.occurredAt(), event.effectiveDate(), Instant.now());
            } else {
                Person before = known.get();
                if (!before.active()) {
                    log.info("UserMoved for {} who left: attributes recorded, no access given", event.employeeId());
                }
                person = new Person(before.employeeId(), before.userName(), event.displayName() != null ? event.displayName() : before.displayName(),
                        before.givenName(), before.familyName(), event.current(), before.status(), "UserMoved", ceId, event.occurredAt(),
                        event.effectiveDate(), Instant.now());
            }
            people.save(person);
            return new HrEventOutcome.Applied(event.employeeId(), marks.markPerson(person, workspaces.all()));
        });
    }

    private HrEventOutcome left(UserLeft event, String ceId) {
        if (people.find(event.employeeId()).isEmpty()) {
            return leftUnknown(event, ceId);
        }
        return transactions.execute(status -> {
            Optional<Person> known = people.lock(event.employeeId());
            Optional<HrEventOutcome> refused = stale(known, event.employeeId(), event.occurredAt());
            if (refused.isPresent()) {
                return refused.get();
            }
            Person before = known.orElseThrow();
            Person person = new Person(before.employeeId(), before.userName(), before.displayName(), before.givenName(), before.familyName(),
                    before.attributes(), Person.Status.LEFT, "UserLeft", ceId, event.occurredAt(), event.leftDate(), Instant.now());
            people.save(person);
            return new HrEventOutcome.Applied(event.employeeId(), marks.markPerson(person, workspaces.all()));
        });
    }

    /**
     * A leaver Bricklayer never provisioned: look for a user of that name in every ready workspace (made by hand
     * before Bricklayer); deactivate it wherever it is, or reject the event when it is nowhere.
     */
    private HrEventOutcome leftUnknown(UserLeft event, String ceId) {
        List<WorkspaceRecord> ready = workspaces.all().stream().filter(w -> w.status() == WorkspaceRecord.Status.READY).toList();
        Map<WorkspaceRecord, ScimModel.User> found = new HashMap<>();
        Flux.fromIterable(ready)
                .flatMap(workspace -> users.findByUserName(workspace.target(), event.userName())
                        .flatMap(user -> user.map(u -> Mono.just(Map.entry(workspace, u))).orElse(Mono.empty())), 8)
                .doOnNext(entry -> found.put(entry.getKey(), entry.getValue()))
                .blockLast();
        if (found.isEmpty()) {
            return new HrEventOutcome.Rejected(event.employeeId(), "unknown-employee", List.of(new FieldError("/employeeId",
                    "unknown-employee", "employee " + event.employeeId() + " is not known to identity-service and no workspace has a user "
                    + event.userName())));
        }
        return transactions.execute(status -> {
            if (people.lock(event.employeeId()).isPresent()) {
                return new HrEventOutcome.Ignored(event.employeeId(), "became known meanwhile; the event is redelivered");
            }
            Person person = new Person(event.employeeId(), event.userName(), null, null, null, null, Person.Status.LEFT, "UserLeft", ceId,
                    event.occurredAt(), event.leftDate(), Instant.now());
            people.save(person);
            List<String> marked = new ArrayList<>();
            found.forEach((workspace, user) -> {
                Map<String, String> names = principals.groupNames(workspace.name());
                TreeSet<String> managed = new TreeSet<>();
                user.groups().stream().filter(g -> !"indirect".equals(g.type())).map(g -> names.get(g.value()))
                        .filter(java.util.Objects::nonNull).forEach(managed::add);
                access.save(new PersonAccess(event.employeeId(), workspace.name(), user.id(), user.isActive(), managed, new TreeSet<>(),
                        true, Instant.now()));
                marked.add(workspace.name());
            });
            log.info("UserLeft for {} ({}), never provisioned by Bricklayer: found in {}, deactivated there", event.employeeId(),
                    event.userName(), marked);
            return new HrEventOutcome.Applied(event.employeeId(), marks.markPerson(person, workspaces.all()));
        });
    }

    private static Optional<HrEventOutcome> stale(Optional<Person> known, String employeeId, Instant occurredAt) {
        if (known.isPresent() && !occurredAt.isAfter(known.get().lastEventAt())) {
            return Optional.of(new HrEventOutcome.Ignored(employeeId, "occurredAt " + occurredAt + " is not after the last applied event ("
                    + known.get().lastEventType() + " at " + known.get().lastEventAt() + ")"));
        }
        return Optional.empty();
    }

    private Optional<HrEventOutcome> nameProblems(Optional<Person> known, String employeeId, String userName) {
        Optional<String> other = people.otherWithUserName(employeeId, userName);
        if (other.isPresent()) {
            return Optional.of(new HrEventOutcome.Rejected(employeeId, "conflict", List.of(new FieldError("/userName", "unique",
                    "userName " + userName + " belongs to employee " + other.get()))));
        }
        if (known.isPresent() && !known.get().userName().equalsIgnoreCase(userName)) {
            return Optional.of(new HrEventOutcome.Rejected(employeeId, "conflict", List.of(new FieldError("/userName", "immutable",
                    "employee " + employeeId + " is provisioned as " + known.get().userName() + "; SCIM user names cannot change"))));
        }
        return Optional.empty();
    }

    private String employeeIdOf(byte[] body) {
        try {
            JsonNode node = body == null ? null : mapper.readTree(body);
            return node != null && node.path("employeeId").isTextual() ? node.get("employeeId").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
