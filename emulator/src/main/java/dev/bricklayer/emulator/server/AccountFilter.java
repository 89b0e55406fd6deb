package dev.bricklayer.emulator.server;

import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;

/**
 * A filter of the account host, run in {@link #getOrder()} order after the journal and fault filters:
 * authentication and account admins ({@value #AUTHENTICATION}), then the account's rate limits ({@value #RATE_LIMIT}).
 */
public interface AccountFilter extends WebFilter, Ordered {

    int AUTHENTICATION = 100;
    int RATE_LIMIT = 200;
}
