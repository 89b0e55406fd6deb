package dev.bricklayer.emulator.server;

import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;

/**
 * A filter of the main server (Entra ID and ARM), run in {@link #getOrder()} order after the journal and fault
 * filters. A filter for one surface lets the other's requests pass ({@link EmulatorServers#mainSurface}).
 */
public interface MainFilter extends WebFilter, Ordered {

    int ARM_GATE = 100;
}
