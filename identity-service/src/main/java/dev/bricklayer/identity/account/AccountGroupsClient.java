package dev.bricklayer.identity.account;

import java.util.List;
import java.util.Optional;

import org.springframework.core.ParameterizedTypeReference;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimModel.Group;
import dev.bricklayer.identity.scim.ScimModel.ListResponse;
import dev.bricklayer.identity.scim.ScimModel.NewGroup;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.PatchRequest;
import reactor.core.publisher.Mono;

/**
 * Account SCIM groups, {@code /api/2.0/accounts/{account_id}/scim/v2/Groups} on the account host (reference §7.2):
 * made once for the whole account; membership is changed by patching the group, many members in one PATCH. Lists
 * leave {@code members} out (accounts since 2025-08-22): members are read from one group at a time.
 */
public class AccountGroupsClient {

    private static final ParameterizedTypeReference<ListResponse<Group>> GROUP_LIST = new ParameterizedTypeReference<>() {
    };

    private final ApiClientFactory clients;

    public AccountGroupsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code POST /Groups}: 201 with the group; 409 when the displayName exists. */
    public Mono<Group> create(NewGroup group) {
        return clients.account().post().uri("/api/2.0/accounts/{account}/scim/v2/Groups", clients.accountId())
                .bodyValue(group).retrieve().bodyToMono(Group.class);
    }

    /** {@code GET /Groups?filter=displayName eq "…"}: the group, or empty. */
    public Mono<Optional<Group>> findByDisplayName(String displayName) {
        return clients.account().get()
                .uri(uri -> uri.path("/api/2.0/accounts/{account}/scim/v2/Groups").queryParam("filter", "{filter}")
                        .build(clients.accountId(), "displayName eq " + ScimModel.quoted(displayName)))
                .retrieve().bodyToMono(GROUP_LIST)
                .map(list -> list.resources().stream().filter(g -> displayName.equals(g.displayName())).findFirst());
    }

    /** {@code GET /Groups/{id}?attributes=members}: the group with its members. */
    public Mono<Group> members(String id) {
        return clients.account().get().uri("/api/2.0/accounts/{account}/scim/v2/Groups/{id}?attributes=members", clients.accountId(), id)
                .retrieve().bodyToMono(Group.class);
    }

    /** {@code PATCH /Groups/{id}}: members added and removed in one request; answers {@code {}}. */
    public Mono<Void> patch(String id, List<Operation> operations) {
        return clients.account().patch().uri("/api/2.0/accounts/{account}/scim/v2/Groups/{id}", clients.accountId(), id)
                .bodyValue(PatchRequest.of(operations)).retrieve().toBodilessEntity().then();
    }
}
