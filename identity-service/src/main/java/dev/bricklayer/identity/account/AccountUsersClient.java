package dev.bricklayer.identity.account;

import java.util.List;
import java.util.Optional;

import org.springframework.core.ParameterizedTypeReference;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.identity.scim.ScimModel;
import dev.bricklayer.identity.scim.ScimModel.ListResponse;
import dev.bricklayer.identity.scim.ScimModel.NewUser;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.PatchRequest;
import dev.bricklayer.identity.scim.ScimModel.User;
import reactor.core.publisher.Mono;

/**
 * Account SCIM users, {@code /api/2.0/accounts/{account_id}/scim/v2/Users} on the account host (reference §7.2): one
 * user per person for every workspace of the account; no {@code entitlements} (a workspace matter) nor {@code groups}.
 * Calls go through the common HTTP stack (the account host's pace, retry of throttling, audit as API {@code account}).
 */
public class AccountUsersClient {

    private static final ParameterizedTypeReference<ListResponse<User>> USER_LIST = new ParameterizedTypeReference<>() {
    };

    private final ApiClientFactory clients;

    public AccountUsersClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code POST /Users}: 201 with the user; 409 {@code User with email … already exists in this account}. */
    public Mono<User> create(NewUser user) {
        return clients.account().post().uri("/api/2.0/accounts/{account}/scim/v2/Users", clients.accountId())
                .bodyValue(user).retrieve().bodyToMono(User.class);
    }

    /** {@code GET /Users?filter=userName eq "…"}: the user, or empty. */
    public Mono<Optional<User>> findByUserName(String userName) {
        return clients.account().get()
                .uri(uri -> uri.path("/api/2.0/accounts/{account}/scim/v2/Users").queryParam("filter", "{filter}")
                        .build(clients.accountId(), "userName eq " + ScimModel.quoted(userName)))
                .retrieve().bodyToMono(USER_LIST)
                .map(list -> list.resources().stream().filter(u -> userName.equalsIgnoreCase(u.userName())).findFirst());
    }

    /** {@code PATCH /Users/{id}} ({@code active}); answers {@code {}}. */
    public Mono<Void> patch(String id, List<Operation> operations) {
        return clients.account().patch().uri("/api/2.0/accounts/{account}/scim/v2/Users/{id}", clients.accountId(), id)
                .bodyValue(PatchRequest.of(operations)).retrieve().toBodilessEntity().then();
    }
}
