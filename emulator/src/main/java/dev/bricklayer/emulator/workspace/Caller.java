package dev.bricklayer.emulator.workspace;

import org.springframework.web.reactive.function.server.ServerRequest;

import dev.bricklayer.emulator.server.RequestContext;

/**
 * Who is calling a workspace.
 *
 * @param kind        user or service principal
 * @param id          the SCIM id
 * @param name        {@code userName} of a user, {@code applicationId} of a service principal
 * @param displayName display name
 * @param admin       member of the workspace's {@code admins} group
 * @param via         how the caller authenticated
 * @param tokenId     the PAT's id when {@code via == PAT}
 */
public record Caller(Kind kind, String id, String name, String displayName, boolean admin, Via via, String tokenId) {

    public enum Kind { USER, SERVICE_PRINCIPAL }

    public enum Via { AAD, PAT }

    /** The authenticated caller of a workspace request. */
    public static Caller of(ServerRequest request) {
        return (Caller) request.attribute(RequestContext.CALLER)
                .orElseThrow(() -> new IllegalStateException("no authenticated caller"));
    }
}
