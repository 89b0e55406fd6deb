package dev.bricklayer.emulator.account;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * A request the {@link AccountGate} let through: the account its path names and the calling app, an account admin.
 *
 * @param account       the account
 * @param applicationId the caller's application (client) id
 * @param tenantId      the caller's tenant
 */
public record AccountCall(Account account, String applicationId, String tenantId) {

    /** The exchange attribute the gate leaves it in. */
    static final String ATTRIBUTE = "emulator.account.call";

    public static AccountCall of(ServerRequest request) {
        return (AccountCall) request.attribute(ATTRIBUTE).orElseThrow(() -> new IllegalStateException("not an account call"));
    }
}
