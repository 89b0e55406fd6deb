package dev.bricklayer.security.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.web.reactive.function.client.WebClient;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.common.workspaceconf.WorkspaceConfClient;
import dev.bricklayer.security.catalogs.CatalogApis;
import dev.bricklayer.security.clusters.ClustersClient;
import dev.bricklayer.security.ipaccess.IpAccessApis;
import dev.bricklayer.security.ipaccess.IpAccessListsClient;
import dev.bricklayer.security.policies.ClusterPoliciesClient;
import reactor.core.publisher.Mono;

/**
 * The API surfaces security-service calls in one workspace (Unity Catalog's included), all on the common HTTP stack's
 * client for it; of the workspace settings ({@link WorkspaceConfClient}, shared with token-service) it owns
 * {@value WorkspaceConfClient#ENABLE_IP_ACCESS_LISTS}. Only {@code reconcile} holds them all; each planner is handed
 * its own.
 */
public record WorkspaceApis(WorkspaceTarget target, IpAccessListsClient ipAccessLists, WorkspaceConfClient conf,
                            ClusterPoliciesClient policies, ClustersClient clusters, CatalogApis catalogs)
        implements IpAccessApis {

    /** Clients for {@code target} (the platform's service principal with AAD tokens). */
    public static WorkspaceApis of(ApiClientFactory factory, WorkspaceTarget target) {
        WebClient client = factory.workspace(target);
        return new WorkspaceApis(target, new IpAccessListsClient(client), new WorkspaceConfClient(factory),
                new ClusterPoliciesClient(client), new ClustersClient(client), CatalogApis.of(client));
    }

    /** {@code enableIpAccessLists} as the workspace has it; empty when it is unset. */
    public Mono<Optional<String>> ipAccessListsEnabled() {
        return conf.get(target, List.of(WorkspaceConfClient.ENABLE_IP_ACCESS_LISTS))
                .map(values -> Optional.ofNullable(values.get(WorkspaceConfClient.ENABLE_IP_ACCESS_LISTS)));
    }

    @Override
    public Mono<Void> enableIpAccessLists() {
        return conf.patch(target, Map.of(WorkspaceConfClient.ENABLE_IP_ACCESS_LISTS, "true"));
    }
}
