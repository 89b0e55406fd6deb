package dev.bricklayer.emulator.server;

import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;

/**
 * A filter of every workspace server, run in {@link #getOrder()} order after the journal and fault filters:
 * rate limit ({@value #RATE_LIMIT}), authentication ({@value #AUTHENTICATION}), IP access lists
 * ({@value #IP_ACCESS}), then others.
 */
public interface WorkspaceFilter extends WebFilter, Ordered {

    int RATE_LIMIT = 100;
    int AUTHENTICATION = 200;
    int IP_ACCESS = 300;
    int API_LIMITS = 400;
}
