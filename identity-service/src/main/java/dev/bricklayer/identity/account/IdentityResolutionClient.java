package dev.bricklayer.identity.account;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.identity.account.AccountModel.IdentityGroup;
import dev.bricklayer.identity.account.AccountModel.IdentityUser;
import dev.bricklayer.identity.account.AccountModel.ResolveRequest;
import dev.bricklayer.identity.account.AccountModel.ResolvedGroup;
import dev.bricklayer.identity.account.AccountModel.ResolvedUser;
import reactor.core.publisher.Mono;

/**
 * Automatic identity management's resolution on the account host, {@code /api/2.0/identity/accounts/{account_id}/…
 * /resolve-by-external-id} (reference §7.5, Beta): the account principal of an Entra ID object id, made from Entra ID
 * on first use. An account without automatic identity management answers 400 {@code FEATURE_DISABLED}.
 */
public class IdentityResolutionClient {

    private final ApiClientFactory clients;

    public IdentityResolutionClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code POST …/users/resolve-by-external-id} {@code {"external_id": …}}: the account user of an Entra ID person. */
    public Mono<IdentityUser> user(String entraObjectId) {
        return clients.account().post().uri("/api/2.0/identity/accounts/{account}/users/resolve-by-external-id", clients.accountId())
                .bodyValue(new ResolveRequest(entraObjectId)).retrieve().bodyToMono(ResolvedUser.class).map(ResolvedUser::user);
    }

    /** {@code POST …/groups/resolve-by-external-id} {@code {"external_id": …}}: the account group of an Entra ID group. */
    public Mono<IdentityGroup> group(String entraObjectId) {
        return clients.account().post().uri("/api/2.0/identity/accounts/{account}/groups/resolve-by-external-id", clients.accountId())
                .bodyValue(new ResolveRequest(entraObjectId)).retrieve().bodyToMono(ResolvedGroup.class).map(ResolvedGroup::group);
    }
}
