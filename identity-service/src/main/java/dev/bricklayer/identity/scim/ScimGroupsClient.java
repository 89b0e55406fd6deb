package dev.bricklayer.identity.scim;

import java.util.List;
import java.util.Optional;

import org.springframework.core.ParameterizedTypeReference;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.scim.ScimModel.Group;
import dev.bricklayer.identity.scim.ScimModel.ListResponse;
import dev.bricklayer.identity.scim.ScimModel.NewGroup;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.PatchRequest;
import reactor.core.publisher.Mono;

/** SCIM groups of a workspace, {@code /api/2.0/preview/scim/v2/Groups}; membership is changed by patching the group. */
public class ScimGroupsClient {

    private static final ParameterizedTypeReference<ListResponse<Group>> GROUP_LIST = new ParameterizedTypeReference<>() {
    };

    private final ApiClientFactory clients;

    public ScimGroupsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code POST /Groups}: 201 with the group; 409 when the displayName exists. */
    public Mono<Group> create(WorkspaceTarget workspace, NewGroup group) {
        return clients.workspace(workspace).post().uri("/api/2.0/preview/scim/v2/Groups")
                .bodyValue(group).retrieve().bodyToMono(Group.class);
    }

    /** {@code GET /Groups?filter=displayName eq "…"&excludedAttributes=members}: the group, or empty. */
    public Mono<Optional<Group>> findByDisplayName(WorkspaceTarget workspace, String displayName) {
        return clients.workspace(workspace).get()
                .uri(uri -> uri.path("/api/2.0/preview/scim/v2/Groups").queryParam("filter", "{filter}")
                        .queryParam("excludedAttributes", "members")
                        .build("displayName eq " + ScimModel.quoted(displayName)))
                .retrieve().bodyToMono(GROUP_LIST)
                .map(list -> list.resources().stream().filter(g -> displayName.equals(g.displayName())).findFirst());
    }

    /** {@code GET /Groups/{id}?attributes=members}: the group with its members. */
    public Mono<Group> members(WorkspaceTarget workspace, String id) {
        return clients.workspace(workspace).get().uri("/api/2.0/preview/scim/v2/Groups/{id}?attributes=members", id)
                .retrieve().bodyToMono(Group.class);
    }

    /** {@code PATCH /Groups/{id}}: members added and removed, entitlements — all in one request. */
    public Mono<Void> patch(WorkspaceTarget workspace, String id, List<Operation> operations) {
        return clients.workspace(workspace).patch().uri("/api/2.0/preview/scim/v2/Groups/{id}", id)
                .bodyValue(PatchRequest.of(operations)).retrieve().toBodilessEntity().then();
    }
}
