package dev.bricklayer.identity.federation;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import dev.bricklayer.common.work.WorkspaceLanes;
import dev.bricklayer.identity.config.IdentityProperties;
import dev.bricklayer.identity.lifecycle.PendingAccount;

/**
 * The account's own work, on the common lanes beside the workspaces' ({@code @account}, a key no workspace name can
 * be): every {@code poll-interval}, when people are due in the account — a leaver whose workspaces are gone, a retry
 * whose pause is over, marks of another instance — {@link AccountPeople} converges them, batch after batch. Account-scope
 * workspaces also converge the account's marks in their own cycles; one worker at a time does.
 */
public class AccountWork {

    private static final Logger log = LoggerFactory.getLogger(AccountWork.class);
    static final String LANE = "@account";

    private final WorkspaceLanes lanes;
    private final PendingAccount pending;
    private final AccountPeople people;
    private final IdentityProperties properties;

    public AccountWork(WorkspaceLanes lanes, PendingAccount pending, AccountPeople people, IdentityProperties properties) {
        this.lanes = lanes;
        this.pending = pending;
        this.people = people;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${bricklayer.identity.poll-interval:2s}")
    public void dueWork() {
        try {
            if (pending.anyDue()) {
                lanes.wake(LANE, Duration.ZERO, this::run);
            }
        } catch (RuntimeException e) {
            log.warn("Looking for due account work failed: {}", e.toString());
        }
    }

    private void run() {
        try {
            while (people.convergeDue() >= properties.batchSize()) {
                // batch after batch while full ones are due
            }
        } catch (RuntimeException e) {
            log.error("Account work failed: {}", e.toString(), e);
        }
    }
}
