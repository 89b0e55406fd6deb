package dev.bricklayer.identity.scim;

import java.util.List;
import java.util.Optional;

import org.springframework.core.ParameterizedTypeReference;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.scim.ScimModel.ListResponse;
import dev.bricklayer.identity.scim.ScimModel.NewUser;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.PatchRequest;
import dev.bricklayer.identity.scim.ScimModel.User;
import reactor.core.publisher.Mono;

/**
 * SCIM users of a workspace, {@code /api/2.0/preview/scim/v2/Users}. Calls go through the common HTTP stack
 * (pace, SCIM concurrency slot, retry of throttling, audit); errors arrive as {@code ApiException}.
 */
public class ScimUsersClient {

    private static final ParameterizedTypeReference<ListResponse<User>> USER_LIST = new ParameterizedTypeReference<>() {
    };

    private final ApiClientFactory clients;

    public ScimUsersClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code POST /Users}: 201 with the user; 409 when the userName exists. */
    public Mono<User> create(WorkspaceTarget workspace, NewUser user) {
        return clients.workspace(workspace).post().uri("/api/2.0/preview/scim/v2/Users")
                .bodyValue(user).retrieve().bodyToMono(User.class);
    }

    /** {@code GET /Users?filter=userName eq "…"}: the user, or empty. */
    public Mono<Optional<User>> findByUserName(WorkspaceTarget workspace, String userName) {
        return clients.workspace(workspace).get()
                .uri(uri -> uri.path("/api/2.0/preview/scim/v2/Users").queryParam("filter", "{filter}")
                        .build("userName eq " + ScimModel.quoted(userName)))
                .retrieve().bodyToMono(USER_LIST)
                .map(list -> list.resources().stream().filter(u -> userName.equalsIgnoreCase(u.userName())).findFirst());
    }

    /** {@code GET /Users/{id}}. */
    public Mono<User> get(WorkspaceTarget workspace, String id) {
        return clients.workspace(workspace).get().uri("/api/2.0/preview/scim/v2/Users/{id}", id)
                .retrieve().bodyToMono(User.class);
    }

    /** {@code PATCH /Users/{id}} with the given operations (active, entitlements). */
    public Mono<Void> patch(WorkspaceTarget workspace, String id, List<Operation> operations) {
        return clients.workspace(workspace).patch().uri("/api/2.0/preview/scim/v2/Users/{id}", id)
                .bodyValue(PatchRequest.of(operations)).retrieve().toBodilessEntity().then();
    }
}
