package dev.bricklayer.identity.web;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.bricklayer.identity.directory.AccessStore;
import dev.bricklayer.identity.directory.PeopleStore;
import dev.bricklayer.identity.directory.Person;
import dev.bricklayer.identity.lifecycle.PendingPeople;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A person's access across workspaces, as identity-service provisioned it ({@code People.Read}). */
@RestController
@RequestMapping("/api/v1/people")
public class PeopleAccessController {

    private final PeopleStore people;
    private final AccessStore access;
    private final PendingPeople pending;

    public PeopleAccessController(PeopleStore people, AccessStore access, PendingPeople pending) {
        this.people = people;
        this.access = access;
        this.pending = pending;
    }

    /**
     * The person's latest HR record and, per workspace, the SCIM user id, whether it is active, its managed groups
     * and the entitlements Bricklayer gave it, and whether work is still pending there (with the last error). 404
     * for an employee identity-service never heard of.
     */
    @GetMapping("/{employeeId}/access")
    public Mono<PersonAccessView> access(@PathVariable String employeeId) {
        return Mono.fromCallable(() -> {
            Person person = people.find(employeeId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "No employee " + employeeId));
            List<WorkspaceAccess> workspaces = access.accessOf(employeeId).stream().map(access -> {
                var mark = pending.find(access.workspaceName(), employeeId);
                return new WorkspaceAccess(access.workspaceName(), access.scimUserId(), access.active(), List.copyOf(access.groups()),
                        List.copyOf(access.entitlements()), access.adopted(), access.updatedAt(), mark.isPresent(),
                        mark.map(PendingPeople.Mark::lastError).orElse(null));
            }).toList();
            return new PersonAccessView(person.employeeId(), person.userName(), person.displayName(), person.status().name(),
                    person.lastEventType(), person.lastEventAt(), workspaces);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** A person's access. */
    public record PersonAccessView(String employeeId, String userName, String displayName, String status, String lastEventType,
                                   Instant lastEventAt, List<WorkspaceAccess> workspaces) {
    }

    /** Access in one workspace. */
    public record WorkspaceAccess(String workspaceName, String scimUserId, boolean active, List<String> groups, List<String> entitlements,
                                  boolean adopted, Instant updatedAt, boolean pending, String lastError) {
    }
}
