package dev.bricklayer.identity.federation;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.identity.GroupAssigned;
import dev.bricklayer.common.events.identity.IdentityTopics;
import dev.bricklayer.common.events.workspace.GroupSpec;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.messaging.EventPublisher;
import dev.bricklayer.identity.account.AccountModel.PermissionAssignment;
import dev.bricklayer.identity.account.WorkspaceAssignmentsClient;
import dev.bricklayer.identity.federation.AssignmentStore.Assignment;
import dev.bricklayer.identity.rules.AccessRules;
import dev.bricklayer.identity.rules.GroupAccess;
import dev.bricklayer.identity.scim.Entitlements;
import dev.bricklayer.identity.scim.ScimGroupsClient;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimPrincipals;
import dev.bricklayer.identity.workspace.WorkspaceRecord;

/**
 * The groups of a workspace's desired state as account groups reaching it (account scope), reconciled against what was
 * last set ({@code group_assignments}): each group made once for the account ({@link AccountGroups}), assigned to the
 * workspace ({@code PUT …/permissionassignments/principals/{group_id}}) with the permission the access rules give it
 * there ({@code USER}, or {@code ADMIN} when a rule says so), and given the blueprint's entitlements in the workspace
 * through the workspace's SCIM ({@code PATCH /Groups/{account group id}}: entitlements are a workspace matter, reference
 * §7.7). {@code GroupAssigned} when an assignment is made or its permission changes. An assignment refused with 400 —
 * Azure Databricks answers so for a while right after a metastore assignment ({@code Permission assignments not
 * supported for current workspace.}, {@code Principal … not in workspace …}, terraform-provider-databricks #2739,
 * #5367), with no error code of its own — or with an item-level {@code error} in a 200 is a failure that may pass: the
 * caller tries again after a pause. Blocking.
 */
public class GroupAssignments {

    private static final Logger log = LoggerFactory.getLogger(GroupAssignments.class);

    private final AccountGroups groups;
    private final WorkspaceAssignmentsClient assignments;
    private final ScimGroupsClient workspaceGroups;
    private final AssignmentStore store;
    private final AccessRules rules;
    private final EventPublisher events;
    private final Clock clock;

    public GroupAssignments(AccountGroups groups, WorkspaceAssignmentsClient assignments, ScimGroupsClient workspaceGroups, AssignmentStore store,
                            AccessRules rules, EventPublisher events, Clock clock) {
        this.groups = groups;
        this.assignments = assignments;
        this.workspaceGroups = workspaceGroups;
        this.store = store;
        this.rules = rules;
        this.events = events;
        this.clock = clock;
    }

    /** Makes every group of the desired state reach the workspace as the rules and the blueprint say; answers the calls made. */
    public int converge(WorkspaceRecord workspace) {
        GroupAccess access = rules.groupAccess(workspace.view());
        Map<String, Assignment> before = store.of(workspace.name());
        int calls = 0;
        for (GroupSpec group : workspace.desiredState().groups()) {
            Assignment last = before.get(group.name());
            Assignment wanted = new Assignment(group.name(), groups.ensure(group.name()), access.permission(group.name()),
                    Entitlements.wire(group.entitlements()));
            boolean sameGroup = last != null && last.groupId().equals(wanted.groupId());
            boolean assign = !sameGroup || last.permission() != wanted.permission();
            if (assign) {
                assign(workspace, wanted);
                calls++;
            }
            List<Operation> entitlements = sameGroup ? ScimPrincipals.entitlementChanges(last.entitlements(), wanted.entitlements())
                    : wanted.entitlements().isEmpty() ? List.of() : List.of(Operation.replace("entitlements", ScimModel.values(wanted.entitlements())));
            if (!entitlements.isEmpty()) {
                workspaceGroups.patch(workspace.target(), wanted.groupId(), entitlements).block();
                calls++;
            }
            if (assign || !entitlements.isEmpty()) {
                store.save(workspace.name(), wanted);
            }
            if (assign) {
                events.publish(IdentityTopics.EVENTS, workspace.name(), new GroupAssigned(workspace.name(), wanted.groupName(), wanted.groupId(),
                        wanted.permission(), clock.instant())).block();
                log.info("Workspace {}: account group {} ({}) assigned as {} with entitlements {}", workspace.name(), wanted.groupName(),
                        wanted.groupId(), wanted.permission(), wanted.entitlements());
            }
        }
        return calls;
    }

    private void assign(WorkspaceRecord workspace, Assignment wanted) {
        PermissionAssignment answer;
        try {
            answer = assignments.assign(workspace.workspaceId(), wanted.groupId(), wanted.permission().name()).block();
        } catch (ApiException e) {
            if (e.status() == 400) {
                throw new IllegalStateException("account group " + wanted.groupName() + " cannot be assigned to " + workspace.name()
                        + " yet (tried again later): " + e.getMessage(), e);
            }
            throw e;
        }
        if (answer != null && answer.error() != null && !answer.error().isBlank()) {
            groups.forget(wanted.groupName()); // e.g. the group was deleted by hand: it is made again on the next attempt
            throw new IllegalStateException("account group " + wanted.groupName() + " (" + wanted.groupId() + ") was not assigned to "
                    + workspace.name() + ": " + answer.error());
        }
    }

}
