package dev.bricklayer.identity.federation;

/**
 * A batch of people's account work is done (an application event, within the instance): workspaces whose cycles
 * found these people waiting for their account user — they ran while another worker held the account — can go on
 * at once instead of at the next poll.
 *
 * @param people how many people the batch converged
 */
public record AccountUsersConverged(int people) {
}
