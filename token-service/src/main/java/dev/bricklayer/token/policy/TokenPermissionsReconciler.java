package dev.bricklayer.token.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.bricklayer.common.events.workspace.TokenPolicy;
import dev.bricklayer.common.http.ApiException;
import dev.bricklayer.common.http.WorkspaceTarget;
import dev.bricklayer.token.permissions.TokenPermissionsClient;
import dev.bricklayer.token.permissions.TokenPermissionsClient.AccessControl;
import dev.bricklayer.token.permissions.TokenPermissionsClient.AccessControlRequest;
import dev.bricklayer.token.permissions.TokenPermissionsClient.ObjectPermissions;
import dev.bricklayer.token.scim.ScimClient;
import dev.bricklayer.token.tokens.TokensClient;

/**
 * Makes {@code CAN_USE} on tokens exactly the policy's groups and service principals ({@code admins} keep
 * {@code CAN_MANAGE}); reads first and writes only when different.
 * <ul>
 *   <li>Databricks has no token permissions until the workspace holds a token (404): the platform's service
 *       principal then makes a short-lived token of its own, sets the permissions, and deletes it. Its value is
 *       never read.</li>
 *   <li>The policy's groups are created by identity-service in parallel: when the write is refused and a principal
 *       is missing (checked through SCIM, not by reading the message), it waits with growing pauses up to
 *       {@code principal-wait}, then fails naming the missing principals. When SCIM shows every principal present
 *       after a refusal (one was created between the two calls), it writes once more; only a refusal with every
 *       principal known to exist beforehand is final.</li>
 * </ul>
 */
public class TokenPermissionsReconciler {

    static final String STEP = "token-permissions";
    private static final String CAN_USE = "CAN_USE";
    private static final String CAN_MANAGE = "CAN_MANAGE";
    private static final String ADMINS = "admins";
    private static final Duration MAX_PAUSE = Duration.ofSeconds(15);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(TokenPermissionsReconciler.class);

    private final TokenPermissionsClient permissions;
    private final TokensClient tokens;
    private final ScimClient scim;
    private final Duration principalWait;
    private final Duration firstPause;
    private final Duration bootstrapLifetime;
    private final String bootstrapComment;

    public TokenPermissionsReconciler(TokenPermissionsClient permissions, TokensClient tokens, ScimClient scim, Duration principalWait,
                                      Duration firstPause, Duration bootstrapLifetime, String bootstrapComment) {
        this.permissions = permissions;
        this.tokens = tokens;
        this.scim = scim;
        this.principalWait = principalWait;
        this.firstPause = firstPause;
        this.bootstrapLifetime = bootstrapLifetime;
        this.bootstrapComment = bootstrapComment;
    }

    /** What the reconciliation did. */
    public record Outcome(boolean written, boolean bootstrapTokenUsed) {
    }

    /** Desired direct entries: principal key ({@code group:x}, {@code service_principal:id}) → level. */
    static Map<String, String> desired(TokenPolicy policy) {
        Map<String, String> desired = new LinkedHashMap<>();
        policy.canUseGroups().forEach(group -> desired.put("group:" + group, CAN_USE));
        policy.canUseServicePrincipals().forEach(sp -> desired.put("service_principal:" + sp, CAN_USE));
        desired.remove("group:" + ADMINS);
        return desired;
    }

    /** The direct entries of an answer, without {@code admins} (who always manage tokens). */
    static Map<String, String> current(ObjectPermissions answer) {
        Map<String, String> current = new LinkedHashMap<>();
        for (AccessControl entry : answer.entries()) {
            String key = entry.groupName() != null ? "group:" + entry.groupName()
                    : entry.servicePrincipalName() != null ? "service_principal:" + entry.servicePrincipalName()
                    : "user:" + entry.userName();
            if (key.equals("group:" + ADMINS) || entry.allPermissions() == null) {
                continue;
            }
            entry.allPermissions().stream().filter(p -> !p.inherited()).findFirst()
                    .ifPresent(p -> current.put(key, p.permissionLevel()));
        }
        return current;
    }

    static List<AccessControlRequest> request(TokenPolicy policy) {
        List<AccessControlRequest> entries = new ArrayList<>();
        entries.add(AccessControlRequest.group(ADMINS, CAN_MANAGE));
        policy.canUseGroups().stream().filter(g -> !g.equals(ADMINS)).forEach(g -> entries.add(AccessControlRequest.group(g, CAN_USE)));
        policy.canUseServicePrincipals().forEach(sp -> entries.add(AccessControlRequest.servicePrincipal(sp, CAN_USE)));
        return entries;
    }

    public Outcome reconcile(WorkspaceTarget workspace, TokenPolicy policy) throws InterruptedException {
        Map<String, String> desired = desired(policy);
        long deadline = System.nanoTime() + principalWait.toNanos();
        Duration pause = firstPause;
        String bootstrapToken = null;
        long bootstrapMadeAt = 0;
        boolean bootstrapUsed = false;
        // true once SCIM has shown every principal present since the last refusal: a refusal after that is final
        boolean principalsConfirmed = false;
        try {
            while (true) {
                try {
                    Map<String, String> current = current(permissions.get(workspace).block(CALL_TIMEOUT));
                    if (current.equals(desired)) {
                        return new Outcome(false, bootstrapUsed);
                    }
                    permissions.set(workspace, request(policy)).block(CALL_TIMEOUT);
                    log.info("Token permissions of {} set: CAN_USE for {}", workspace.name(), desired.keySet());
                    return new Outcome(true, bootstrapUsed);
                } catch (ApiException e) {
                    if (e.isRetryable()) {
                        throw new PolicyStepException(STEP, e.errorCode(), e.getMessage(), e);
                    }
                    boolean bootstrapStale = bootstrapToken != null
                            && System.nanoTime() - bootstrapMadeAt > bootstrapLifetime.toNanos() / 2;
                    if (e.isNotFound() && (bootstrapToken == null || bootstrapStale)) {
                        // no token in the workspace, so no token permissions yet: make one of our own for the while
                        if (bootstrapToken != null) {
                            deleteBootstrap(workspace, bootstrapToken);
                        }
                        bootstrapToken = tokens.create(workspace, bootstrapLifetime.toSeconds(), bootstrapComment).block(CALL_TIMEOUT);
                        bootstrapMadeAt = System.nanoTime();
                        bootstrapUsed = true;
                        log.info("{} holds no token: bootstrap token {} made to manage token permissions", workspace.name(), bootstrapToken);
                        continue;
                    }
                    List<String> missing = missingPrincipals(workspace, policy);
                    if (missing.isEmpty()) {
                        if (principalsConfirmed) {
                            throw new PolicyStepException(STEP, e.errorCode(), e.getMessage(), e);
                        }
                        // every principal exists now: one may have been created between the refusal and the check
                        principalsConfirmed = true;
                        log.info("Token permissions of {} refused, but every principal exists now: writing again", workspace.name());
                        continue;
                    }
                    principalsConfirmed = false;
                    if (System.nanoTime() + pause.toNanos() > deadline) {
                        throw new PolicyStepException(STEP, e.errorCode() == null ? "PRINCIPAL_NOT_FOUND" : e.errorCode(),
                                "Token permissions not set: " + String.join(", ", missing) + " does not exist in workspace "
                                        + workspace.name() + " after waiting " + principalWait + " (" + e.getMessage() + ")", e);
                    }
                    log.info("Token permissions of {} wait for {} to exist (next try in {})", workspace.name(), missing, pause);
                    Thread.sleep(pause.toMillis());
                    pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                }
            }
        } finally {
            if (bootstrapToken != null) {
                deleteBootstrap(workspace, bootstrapToken);
            }
        }
    }

    /** The policy's principals SCIM does not know, named {@code group x} / {@code service principal id}. */
    List<String> missingPrincipals(WorkspaceTarget workspace, TokenPolicy policy) {
        List<String> missing = new ArrayList<>();
        Set<String> groups = scim.existingGroups(workspace, policy.canUseGroups()).block(CALL_TIMEOUT);
        policy.canUseGroups().stream().filter(g -> !groups.contains(g)).forEach(g -> missing.add("group " + g));
        Set<String> sps = scim.existingServicePrincipals(workspace, policy.canUseServicePrincipals()).block(CALL_TIMEOUT);
        policy.canUseServicePrincipals().stream().filter(sp -> !sps.contains(sp)).forEach(sp -> missing.add("service principal " + sp));
        return missing;
    }

    private void deleteBootstrap(WorkspaceTarget workspace, String tokenId) {
        try {
            tokens.delete(workspace, tokenId).block(CALL_TIMEOUT);
            log.info("Bootstrap token {} of {} deleted", tokenId, workspace.name());
        } catch (RuntimeException e) {
            log.warn("Bootstrap token {} of {} not deleted ({}); it expires by itself within {}", tokenId, workspace.name(),
                    e.toString(), bootstrapLifetime);
        }
    }
}
