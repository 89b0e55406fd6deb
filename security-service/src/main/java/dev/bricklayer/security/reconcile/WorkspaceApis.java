package dev.bricklayer.security.reconcile;

import org.springframework.web.reactive.function.client.WebClient;

import dev.bricklayer.common.http.ApiClientFactory;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.security.clusters.ClustersClient;
import dev.bricklayer.security.conf.WorkspaceConfClient;
import dev.bricklayer.security.ipaccess.IpAccessListsClient;
import dev.bricklayer.security.policies.ClusterPoliciesClient;

/** The API surfaces security-service calls in one workspace, all on the common HTTP stack's client for it. */
public record WorkspaceApis(IpAccessListsClient ipAccessLists, WorkspaceConfClient conf, ClusterPoliciesClient policies,
                            ClustersClient clusters) {

    /** Clients for {@code target} (the platform's service principal with AAD tokens). */
    public static WorkspaceApis of(ApiClientFactory factory, WorkspaceTarget target) {
        WebClient client = factory.workspace(target);
        return new WorkspaceApis(new IpAccessListsClient(client), new WorkspaceConfClient(client),
                new ClusterPoliciesClient(client), new ClustersClient(client));
    }
}
