package dev.bricklayer.security.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.bricklayer.common.rules.Ipv4Addresses;

/**
 * Configuration of security-service ({@code bricklayer.security.*}).
 *
 * @param platformEgressRanges   the platform's own egress addresses (IPv4 / IPv4 CIDR): what Bricklayer calls
 *                               workspaces from. They must stay allowed and may never be blocked
 * @param managePlatformAllowList {@code true}: when a desired state has any ALLOW list, security-service keeps an
 *                               ALLOW list of its own holding the egress ranges; {@code false}: a desired state whose
 *                               ALLOW lists do not cover every egress range is refused
 * @param platformAllowListLabel the label of that list
 * @param driftInterval          how often every secured workspace is compared with its desired state (once per
 *                               interval across every instance)
 * @param callTimeout            the longest wait for one API call, retries included
 * @param leaseDuration          how long a workspace's lease ({@code security:<workspace>}, held by the instance running
 *                               a pass over it) lasts unless kept; kept every {@code bricklayer.work.lease-keep-interval}
 * @param leaseWait              how long an on-demand pass waits for a workspace another instance holds (then 503)
 * @param pollInterval           how often workspaces waiting for a reconcile are looked for (desired states that came
 *                               while another instance held the workspace, reconciles of an instance that stopped)
 */
@Validated
@ConfigurationProperties("bricklayer.security")
public record SecurityServiceProperties(
        @DefaultValue("") List<String> platformEgressRanges,
        @DefaultValue("true") boolean managePlatformAllowList,
        @DefaultValue("bricklayer-platform") @NotBlank String platformAllowListLabel,
        @DefaultValue("10m") @NotNull Duration driftInterval,
        @DefaultValue("5m") @NotNull Duration callTimeout,
        @DefaultValue("1m") @NotNull Duration leaseDuration,
        @DefaultValue("30s") @NotNull Duration leaseWait,
        @DefaultValue("5s") @NotNull Duration pollInterval) {

    public SecurityServiceProperties {
        platformEgressRanges = platformEgressRanges == null ? List.of()
                : platformEgressRanges.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = 0; i < platformEgressRanges.size(); i++) {
            if (!Ipv4Addresses.isIpv4OrCidr(platformEgressRanges.get(i))) {
                throw new IllegalArgumentException("bricklayer.security.platform-egress-ranges[" + i + "]: '"
                        + platformEgressRanges.get(i) + "' is not an IPv4 address or IPv4 CIDR block");
            }
        }
        if (driftInterval != null && (driftInterval.isZero() || driftInterval.isNegative())) {
            throw new IllegalArgumentException("bricklayer.security.drift-interval must be positive, not " + driftInterval);
        }
    }
}
