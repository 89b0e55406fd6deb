package dev.bricklayer.emulator.workspace.ipaccess;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.server.EmulatorException;
import dev.bricklayer.emulator.server.RequestContext;
import dev.bricklayer.emulator.server.WorkspaceFilter;
import dev.bricklayer.emulator.workspace.EmulatedWorkspace;
import reactor.core.publisher.Mono;

/**
 * Once {@code enableIpAccessLists} is {@code "true"}, a request from an address the lists do not let in gets 403
 * {@code Source IP address: … is blocked by Databricks IP ACL for workspace: …} ([K] reference §3.4).
 */
@Component
public class IpAccessEnforcement implements WorkspaceFilter {

    private final boolean trustSourceHeader;

    public IpAccessEnforcement(EmulatorProperties properties) {
        this.trustSourceHeader = properties.trustSourceAddressHeader();
    }

    @Override
    public int getOrder() {
        return IP_ACCESS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        EmulatedWorkspace workspace = exchange.getAttribute(RequestContext.WORKSPACE);
        if (!"true".equals(workspace.conf().get("enableIpAccessLists"))) {
            return chain.filter(exchange);
        }
        String source = RequestContext.sourceAddress(exchange, trustSourceHeader);
        if (source == null || !IpAccessListStore.of(workspace).allows(source)) {
            return Mono.error(EmulatorException.databricks(403, "403", "Source IP address: " + source
                    + " is blocked by Databricks IP ACL for workspace: " + workspace.workspaceId()));
        }
        return chain.filter(exchange);
    }
}
