package dev.bricklayer.common.events.workspace;

import java.util.List;

/**
 * Personal access token policy of a workspace, applied by token-service.
 *
 * @param maxLifetimeDays         workspace-conf {@code maxTokenLifetimeDays} (1–730)
 * @param canUseGroups            groups given {@code CAN_USE} on {@code /authorization/tokens}
 * @param canUseServicePrincipals application ids of service principals given {@code CAN_USE} on tokens
 * @param sweepRules              rules of the periodic and on-demand sweeps
 * @param nearExpiryDays          a token expiring within this many days is "near expiry"
 */
public record TokenPolicy(
        int maxLifetimeDays,
        List<String> canUseGroups,
        List<String> canUseServicePrincipals,
        List<SweepRule> sweepRules,
        int nearExpiryDays) {

    public TokenPolicy {
        canUseGroups = canUseGroups == null ? List.of() : List.copyOf(canUseGroups);
        canUseServicePrincipals = canUseServicePrincipals == null ? List.of() : List.copyOf(canUseServicePrincipals);
        sweepRules = sweepRules == null ? List.of() : List.copyOf(sweepRules);
    }
}
