package dev.bricklayer.common.http.budget;

import java.time.Duration;

/**
 * The limits the budgets are sized from: the HTTP stack's settings ({@code bricklayer.http.*}, which implement this),
 * seen from the budget package without it depending on the stack.
 */
public interface BudgetLimits {

    /** A workspace's requests a second, shared by every service and instance. */
    int workspaceBudgetPerSecond();

    /** How much of the rate a 429 leaves for the cool-down. */
    double throttleSlowdown();

    /** How long a 429 slows the budget. */
    Duration throttleCooldown();

    /** SCIM calls in flight per workspace. */
    int scimConcurrency();

    /** The longest a call waits for its permit. */
    Duration maxQueueWait();

    /** An ARM subscription's reads an hour. */
    long armReadsPerHour();

    /** An ARM subscription's writes an hour. */
    long armWritesPerHour();

    /** The account API's creations, replacements and deletions a second; 0 = unpaced. */
    double accountRequestsPerSecond();

    /** The account API's PATCHes a second; 0 = unpaced. */
    double accountPatchesPerSecond();

    /** The account API's reads a second; 0 = unpaced. */
    double accountReadsPerSecond();

    /** How the budgets are kept. */
    BudgetSettings budget();

    /** A connection's timeout, part of how long a SCIM slot may be held. */
    Duration connectTimeout();

    /** A response's timeout, part of how long a SCIM slot may be held. */
    Duration responseTimeout();
}
