package dev.bricklayer.common.events.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Published by identity-service on {@link IdentityTopics#EVENTS} when Unity Catalog privileges that no access rule
 * gives any more were removed from an account group on a catalog or schema (account scope). Kafka key:
 * {@code workspaceName}.
 *
 * @param workspaceName  the workspace whose catalog it is
 * @param securableType  {@code catalog} or {@code schema}
 * @param fullName       the securable's full name
 * @param principal      the account group's display name
 * @param privileges     the privileges removed
 * @param occurredAt     when they were removed
 */
public record DataGrantRemoved(String workspaceName, String securableType, String fullName, String principal, List<String> privileges,
                               Instant occurredAt) {

    public DataGrantRemoved {
        Objects.requireNonNull(workspaceName, "workspaceName");
        Objects.requireNonNull(securableType, "securableType");
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(principal, "principal");
        privileges = privileges == null ? List.of() : List.copyOf(privileges);
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
