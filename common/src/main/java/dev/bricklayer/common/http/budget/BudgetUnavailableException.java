package dev.bricklayer.common.http.budget;

import java.time.Duration;

/**
 * No permit (or SCIM slot) could be had within {@code bricklayer.http.max-queue-wait}: the budget was spent by
 * others all that time, or the budget store could not be reached. The call was not made.
 */
public class BudgetUnavailableException extends RuntimeException {

    BudgetUnavailableException(String budget, Duration waited, Throwable storeError) {
        super("No permit of budget " + budget + " within " + waited
                + (storeError != null ? ": the budget store fails (" + storeError + ")" : ": the budget was spent by others"), storeError);
    }
}
