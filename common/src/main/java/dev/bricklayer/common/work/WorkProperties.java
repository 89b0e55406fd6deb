package dev.bricklayer.common.work;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Background work ({@code bricklayer.work.*}).
 *
 * @param leaseKeepInterval how often the leases this instance holds are extended (a third of the shortest lease
 *                          duration a service uses, or less)
 * @param leaseReleaseWait  how long a stopping instance waits for its leases to be released before leaving them
 *                          to expire (the database may already be gone)
 */
@ConfigurationProperties("bricklayer.work")
public record WorkProperties(
        @DefaultValue("10s") Duration leaseKeepInterval,
        @DefaultValue("2s") Duration leaseReleaseWait) {
}
