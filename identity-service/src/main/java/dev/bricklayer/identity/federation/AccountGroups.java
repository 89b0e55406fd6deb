package dev.bricklayer.identity.federation;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.identity.account.AccountGroupsClient;
import dev.bricklayer.identity.account.IdentityResolutionClient;
import dev.bricklayer.identity.config.AccountScopeProperties;
import dev.bricklayer.identity.lifecycle.GroupMemberships;
import dev.bricklayer.identity.scim.ScimModel;
import reactor.core.publisher.Mono;

/**
 * The account groups of the blueprints, made once for the whole account, whatever the number of workspaces they are
 * assigned to: created ({@code POST /Groups}), or — when the account has one by that name (made by hand, by Entra ID's
 * sync) — read back and adopted on the 409; with automatic identity management never created but resolved by their
 * Entra ID object id ({@code bricklayer.identity.account.entra-group-ids}) or found by name. Their ids are kept
 * ({@code account_groups}). Blocking.
 */
public class AccountGroups {

    private static final Logger log = LoggerFactory.getLogger(AccountGroups.class);

    private final AccountGroupsClient groups;
    private final IdentityResolutionClient resolution;
    private final AccountStore store;
    private final AccountScopeProperties properties;

    public AccountGroups(AccountGroupsClient groups, IdentityResolutionClient resolution, AccountStore store, AccountScopeProperties properties) {
        this.groups = groups;
        this.resolution = resolution;
        this.store = store;
        this.properties = properties;
    }

    /** The account group's id; the group is made (or adopted, or resolved) the first time it is needed. */
    public synchronized String ensure(String name) {
        String known = store.groupIds().get(name);
        if (known != null) {
            return known;
        }
        if (properties.automaticIdentityManagement()) {
            String objectId = properties.entraGroupIds().get(name);
            String id = objectId != null ? resolution.group(objectId).block().groupId() : groups.findByDisplayName(name).block()
                    .map(ScimModel.Group::id).orElseThrow(() -> new IllegalStateException("account group " + name + " does not exist: with "
                            + "automatic identity management Bricklayer makes no group; sync it from Entra ID, or name its object id in "
                            + "bricklayer.identity.account.entra-group-ids." + name));
            store.saveGroup(name, id, true);
            log.info("Account group {} resolved ({})", name, id);
            return id;
        }
        try {
            String id = groups.create(new ScimModel.NewGroup(List.of(ScimModel.GROUP_SCHEMA), name, null)).block().id();
            store.saveGroup(name, id, false);
            log.info("Account group {} created ({})", name, id);
            return id;
        } catch (ApiException e) {
            if (!e.isConflict()) {
                throw e;
            }
            String id = groups.findByDisplayName(name).block().map(ScimModel.Group::id)
                    .orElseThrow(() -> new IllegalStateException("Account group " + name + " answered 409 on create but cannot be found"));
            store.saveGroup(name, id, true);
            log.info("Adopting existing account group {} ({})", name, id);
            return id;
        }
    }

    /** The group is gone (deleted by hand): it is made again the next time it is needed. */
    public void forget(String name) {
        store.forgetGroup(name);
    }

    /** The account groups known, their ids by name. */
    public Map<String, String> ids() {
        return store.groupIds();
    }

    /** The account's groups for {@link GroupMemberships}: membership PATCHes on the account host. */
    public GroupMemberships.Groups memberships() {
        return new GroupMemberships.Groups() {
            @Override
            public String name() {
                return "the account";
            }

            @Override
            public Mono<Void> patch(String groupId, List<ScimModel.Operation> operations) {
                return groups.patch(groupId, operations);
            }

            @Override
            public Mono<ScimModel.Group> members(String groupId) {
                return groups.members(groupId);
            }

            @Override
            public void forget(String group) {
                store.forgetGroup(group);
            }
        };
    }
}
