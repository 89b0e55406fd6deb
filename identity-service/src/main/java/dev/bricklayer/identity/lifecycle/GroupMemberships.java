package dev.bricklayer.identity.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.http.budget.CallPriority;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.workspace.ManagedPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Writes the group memberships of a batch: per managed group one {@code PATCH /Groups/{id}} with every member added
 * and removed — at most {@code max-members-per-patch} member operations each, so a larger change takes several —
 * and groups in parallel ({@code scim-parallelism}). A PATCH the workspace refuses (400: a member to remove is gone,
 * someone changed the group by hand; 404: the group is gone) reads the members and sends only what is still to do;
 * a group that is gone is forgotten, so that it is made again on the next attempt, and its members are tried again
 * later. The same for the account's groups ({@link #write(Groups, Map, Map)}). The PATCHes are of the class
 * ({@link CallPriority}) the caller named on this thread. Blocking: runs on a workspace's worker.
 */
public class GroupMemberships {

    private static final Logger log = LoggerFactory.getLogger(GroupMemberships.class);

    /** Where the groups are: a workspace's SCIM, or the account's (account scope). */
    public interface Groups {

        /** Who holds the groups, for the log. */
        String name();

        /** {@code PATCH /Groups/{id}}. */
        Mono<Void> patch(String groupId, List<ScimModel.Operation> operations);

        /** {@code GET /Groups/{id}?attributes=members}. */
        Mono<ScimModel.Group> members(String groupId);

        /** The group is gone: it is made again the next time it is needed. */
        void forget(String group);
    }

    /** The SCIM user ids to add to and remove from one group. */
    public record Changes(Set<String> add, Set<String> remove) {

        public Changes() {
            this(new LinkedHashSet<>(), new LinkedHashSet<>());
        }
    }

    /** How the changes of every group went, and the calls it took. */
    public record Written(Map<String, GroupWritten> groups, int calls) {

        /** Whether {@code member} was added to (or removed from) {@code group}. */
        public boolean done(String group, String member) {
            GroupWritten written = groups.get(group);
            return written != null && written.failed().get(member) == null;
        }

        /** Why {@code member}'s change of {@code group} was not made. */
        public Throwable error(String group, String member) {
            GroupWritten written = groups.get(group);
            return written == null ? new IllegalStateException("group " + group + " was not written") : written.failed().get(member);
        }
    }

    /** One group's outcome: the members whose change was not made, with the reason; whether the group is gone. */
    public record GroupWritten(Map<String, Throwable> failed, boolean gone, int calls) {

        GroupWritten plus(GroupWritten chunk) {
            Map<String, Throwable> all = new HashMap<>(failed);
            all.putAll(chunk.failed);
            return new GroupWritten(all, gone || chunk.gone, calls + chunk.calls);
        }
    }

    private record Chunk(Set<String> add, Set<String> remove) {

        GroupWritten failed(Throwable error, boolean gone, int calls) {
            Map<String, Throwable> failed = new HashMap<>();
            add.forEach(id -> failed.put(id, error));
            remove.forEach(id -> failed.put(id, error));
            return new GroupWritten(failed, gone, calls);
        }
    }

    private final ScimGroupsClient groups;
    private final ManagedPrincipals principals;
    private final IdentityProperties properties;

    public GroupMemberships(ScimGroupsClient groups, ManagedPrincipals principals, IdentityProperties properties) {
        this.groups = groups;
        this.principals = principals;
        this.properties = properties;
    }

    /**
     * @param groupIds the managed groups' SCIM ids by name
     * @param changes  the member changes by group name
     */
    public Written write(WorkspaceRecord workspace, Map<String, String> groupIds, Map<String, Changes> changes) {
        WorkspaceTarget target = workspace.target();
        return write(new Groups() {
            @Override
            public String name() {
                return workspace.name();
            }

            @Override
            public Mono<Void> patch(String groupId, List<ScimModel.Operation> operations) {
                return groups.patch(target, groupId, operations);
            }

            @Override
            public Mono<ScimModel.Group> members(String groupId) {
                return groups.members(target, groupId);
            }

            @Override
            public void forget(String group) {
                principals.forgetGroup(workspace.name(), group);
            }
        }, groupIds, changes);
    }

    /**
     * @param target   where the groups are
     * @param groupIds the managed groups' SCIM ids by name
     * @param changes  the member changes by group name
     */
    public Written write(Groups target, Map<String, String> groupIds, Map<String, Changes> changes) {
        if (changes.isEmpty()) {
            return new Written(Map.of(), 0);
        }
        Map<String, GroupWritten> written = new HashMap<>();
        // the caller's class goes with the PATCHes subscribed on other threads than this one
        Context priority = CallPriority.current() == null ? Context.empty() : CallPriority.current().context();
        Flux.fromIterable(changes.entrySet())
                .flatMap(change -> write(target, groupIds.get(change.getKey()), change.getValue())
                        .map(result -> Map.entry(change.getKey(), result)).contextWrite(priority), properties.scimParallelism())
                .collectList().blockOptional().orElse(List.of())
                .forEach(entry -> written.put(entry.getKey(), entry.getValue()));
        int calls = 0;
        for (Map.Entry<String, GroupWritten> group : written.entrySet()) {
            calls += group.getValue().calls();
            if (group.getValue().gone()) {
                log.warn("Group {} ({}) is gone from {}; it is made again on the next attempt", group.getKey(), groupIds.get(group.getKey()),
                        target.name());
                target.forget(group.getKey());
            }
        }
        return new Written(written, calls);
    }

    private Mono<GroupWritten> write(Groups target, String groupId, Changes changes) {
        return Flux.fromIterable(chunks(changes))
                .concatMap(chunk -> write(target, groupId, chunk))
                .reduce(new GroupWritten(Map.of(), false, 0), GroupWritten::plus);
    }

    private Mono<GroupWritten> write(Groups target, String groupId, Chunk chunk) {
        return target.patch(groupId, ScimModel.membershipOperations(chunk.add(), chunk.remove()))
                .thenReturn(new GroupWritten(Map.of(), false, 1))
                .onErrorResume(ApiException.class, refused -> refused.status() == 400 || refused.status() == 404
                        ? whatIsLeft(target, groupId, chunk, refused) : Mono.error(refused))
                .onErrorResume(error -> Mono.just(chunk.failed(error, false, 1)));
    }

    /** After a refused PATCH: read the members and send only the changes still to make. */
    private Mono<GroupWritten> whatIsLeft(Groups target, String groupId, Chunk chunk, ApiException refused) {
        return target.members(groupId).flatMap(current -> {
            Set<String> members = new HashSet<>();
            current.members().forEach(member -> members.add(member.value()));
            Set<String> add = new LinkedHashSet<>(chunk.add());
            add.removeAll(members);
            Set<String> remove = new LinkedHashSet<>(chunk.remove());
            remove.retainAll(members);
            if (add.isEmpty() && remove.isEmpty()) {
                return Mono.just(new GroupWritten(Map.of(), false, 2));
            }
            return target.patch(groupId, ScimModel.membershipOperations(add, remove)).thenReturn(new GroupWritten(Map.of(), false, 3));
        }).onErrorResume(ApiException.class, e -> e.isNotFound() ? Mono.just(chunk.failed(refused, true, 2)) : Mono.error(e));
    }

    private List<Chunk> chunks(Changes changes) {
        List<Map.Entry<String, Boolean>> all = new ArrayList<>();
        changes.add().forEach(id -> all.add(Map.entry(id, true)));
        changes.remove().forEach(id -> all.add(Map.entry(id, false)));
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += properties.maxMembersPerPatch()) {
            Chunk chunk = new Chunk(new LinkedHashSet<>(), new LinkedHashSet<>());
            all.subList(i, Math.min(all.size(), i + properties.maxMembersPerPatch()))
                    .forEach(entry -> (entry.getValue() ? chunk.add() : chunk.remove()).add(entry.getKey()));
            chunks.add(chunk);
        }
        return chunks;
    }
}
