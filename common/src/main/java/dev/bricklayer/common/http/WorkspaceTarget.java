package dev.bricklayer.common.http;

import java.net.URI;
import java.util.Objects;

/**
 * A workspace to call.
 *
 * @param name            the workspace name (the Kafka key of its events; recorded in audit records)
 * @param baseUrl         {@code https://} + ARM's {@code workspaceUrl}
 * @param azureResourceId the ARM resource id, sent as {@code X-Databricks-Azure-Workspace-Resource-Id}; may be null
 * @param credentials     how to authenticate
 */
public record WorkspaceTarget(String name, URI baseUrl, String azureResourceId, Credentials credentials) {

    public WorkspaceTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** A workspace called as the platform's service principal with AAD tokens. */
    public static WorkspaceTarget aad(String name, String workspaceUrl, String azureResourceId) {
        return new WorkspaceTarget(name, toBaseUrl(workspaceUrl), azureResourceId, Credentials.AAD);
    }

    /** A workspace called with a personal access token. */
    public static WorkspaceTarget pat(String name, String workspaceUrl, String owner, String token) {
        return new WorkspaceTarget(name, toBaseUrl(workspaceUrl), null, Credentials.pat(owner, token));
    }

    /** {@code host:port} in {@link #baseUrl}; the key of the host's rate limiter and concurrency limit. */
    public String hostKey() {
        return baseUrl.getHost() + (baseUrl.getPort() > 0 ? ":" + baseUrl.getPort() : "");
    }

    private static URI toBaseUrl(String workspaceUrl) {
        String url = workspaceUrl.contains("://") ? workspaceUrl : "https://" + workspaceUrl;
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * How calls are authenticated: AAD tokens of the platform's service principal, or a PAT.
     *
     * @param patOwner the PAT owner's name, recorded as the audit principal
     * @param patValue the PAT itself; never printed
     */
    public record Credentials(String patOwner, String patValue) {

        public static final Credentials AAD = new Credentials(null, null);

        public static Credentials pat(String owner, String value) {
            return new Credentials(Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(value, "value"));
        }

        public boolean isPat() {
            return patValue != null;
        }

        @Override
        public String toString() {
            return isPat() ? "Credentials[pat, owner=" + patOwner + ", value=***]" : "Credentials[aad]";
        }
    }
}
