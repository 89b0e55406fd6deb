package dev.bricklayer.identity.scim;

import java.util.List;
import java.util.Optional;

import org.springframework.core.ParameterizedTypeReference;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.identity.scim.ScimModel.ListResponse;
import dev.bricklayer.identity.scim.ScimModel.NewServicePrincipal;
import dev.bricklayer.identity.scim.ScimModel.Operation;
import dev.bricklayer.identity.scim.ScimModel.PatchRequest;
import dev.bricklayer.identity.scim.ScimModel.ServicePrincipal;
import reactor.core.publisher.Mono;

/** SCIM service principals of a workspace, {@code /api/2.0/preview/scim/v2/ServicePrincipals}. */
public class ScimServicePrincipalsClient {

    private static final ParameterizedTypeReference<ListResponse<ServicePrincipal>> SP_LIST = new ParameterizedTypeReference<>() {
    };

    private final ApiClientFactory clients;

    public ScimServicePrincipalsClient(ApiClientFactory clients) {
        this.clients = clients;
    }

    /** {@code POST /ServicePrincipals}: 201; 409 when the applicationId exists. */
    public Mono<ServicePrincipal> create(WorkspaceTarget workspace, NewServicePrincipal principal) {
        return clients.workspace(workspace).post().uri("/api/2.0/preview/scim/v2/ServicePrincipals")
                .bodyValue(principal).retrieve().bodyToMono(ServicePrincipal.class);
    }

    /** {@code GET /ServicePrincipals?filter=applicationId eq "…"}: the service principal, or empty. */
    public Mono<Optional<ServicePrincipal>> findByApplicationId(WorkspaceTarget workspace, String applicationId) {
        return clients.workspace(workspace).get()
                .uri(uri -> uri.path("/api/2.0/preview/scim/v2/ServicePrincipals").queryParam("filter", "{filter}")
                        .build("applicationId eq " + ScimModel.quoted(applicationId)))
                .retrieve().bodyToMono(SP_LIST)
                .map(list -> list.resources().stream().filter(sp -> applicationId.equalsIgnoreCase(sp.applicationId())).findFirst());
    }

    /** {@code PATCH /ServicePrincipals/{id}} (entitlements, active). */
    public Mono<Void> patch(WorkspaceTarget workspace, String id, List<Operation> operations) {
        return clients.workspace(workspace).patch().uri("/api/2.0/preview/scim/v2/ServicePrincipals/{id}", id)
                .bodyValue(PatchRequest.of(operations)).retrieve().toBodilessEntity().then();
    }
}
