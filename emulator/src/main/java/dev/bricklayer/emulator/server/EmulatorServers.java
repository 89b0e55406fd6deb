package dev.bricklayer.emulator.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.tls.EmulatorTls;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Runs the emulator's servers: the main HTTPS server (Entra ID and ARM), the account host (HTTPS, the Azure
 * Databricks account APIs), the admin HTTP server, and one HTTPS server per workspace (the official SDKs drop a path
 * prefix of the host, so each workspace and the account host need a host:port of their own).
 */
@Component
public class EmulatorServers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmulatorServers.class);

    private final EmulatorProperties properties;
    private final EmulatorTls tls;
    private final EmulatorWebSupport web;
    private final List<MainApi> mainApis;
    private final List<AdminApi> adminApis;
    private final List<WorkspaceApi> workspaceApis;
    private final List<WorkspaceFilter> workspaceFilters;
    private final List<MainFilter> mainFilters;
    private final List<AccountApi> accountApis;
    private final List<AccountFilter> accountFilters;
    private final Map<String, DisposableServer> workspaceServers = new ConcurrentHashMap<>();
    private volatile DisposableServer main;
    private volatile DisposableServer admin;
    private volatile DisposableServer account;
    private volatile java.util.concurrent.CountDownLatch stopped;

    public EmulatorServers(EmulatorProperties properties, EmulatorTls tls, EmulatorWebSupport web, List<MainApi> mainApis,
                           List<MainFilter> mainFilters, List<AdminApi> adminApis, List<WorkspaceApi> workspaceApis,
                           List<WorkspaceFilter> workspaceFilters, List<AccountApi> accountApis,
                           List<AccountFilter> accountFilters) {
        this.properties = properties;
        this.tls = tls;
        this.web = web;
        this.mainApis = mainApis;
        this.adminApis = adminApis;
        this.workspaceApis = workspaceApis;
        this.workspaceFilters = new ArrayList<>(workspaceFilters);
        this.workspaceFilters.sort(Comparator.comparingInt(WorkspaceFilter::getOrder));
        this.mainFilters = new ArrayList<>(mainFilters);
        this.mainFilters.sort(Comparator.comparingInt(MainFilter::getOrder));
        this.accountApis = accountApis;
        this.accountFilters = new ArrayList<>(accountFilters);
        this.accountFilters.sort(Comparator.comparingInt(AccountFilter::getOrder));
    }

    /** Which surface a path on the main port belongs to. */
    public static Surface mainSurface(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("/subscriptions") || lower.startsWith("/providers") ? Surface.ARM : Surface.AAD;
    }

    @Override
    public void start() {
        HttpHandler mainHandler = web.azureHandler(combine(mainApis.stream().map(MainApi::routes).toList()), null,
                EmulatorServers::mainSurface, List.copyOf(mainFilters));
        main = bind(properties.port(), mainHandler, true);
        HttpHandler accountHandler = web.azureHandler(combine(accountApis.stream().map(AccountApi::routes).toList()), null,
                path -> Surface.ACCOUNT, List.copyOf(accountFilters));
        account = bind(accountPort(), accountHandler, true);
        HttpHandler adminHandler = web.adminHandler(combine(adminApis.stream().map(AdminApi::routes).toList()));
        admin = bind(properties.adminPort(), adminHandler, false);
        log.info("Entra ID and ARM on {}, the account host on {}, admin API on {}", mainBaseUrl(), accountBaseUrl(),
                adminBaseUrl());
        // Reactor Netty's threads are daemons: without a non-daemon thread the JVM would end after start-up.
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        stopped = latch;
        Thread keepAlive = new Thread(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "emulator-await");
        keepAlive.setDaemon(false);
        keepAlive.start();
    }

    /**
     * Starts a workspace's HTTPS endpoint; returns its {@code host:port}. {@code workspace} is what the workspace's
     * handlers find under {@link RequestContext#WORKSPACE}.
     */
    public String startWorkspace(String name, String workspaceId, String resourceId, Object workspace) {
        List<WebFilter> filters = new ArrayList<>();
        filters.add((exchange, chain) -> {
            exchange.getAttributes().put(RequestContext.WORKSPACE, workspace);
            return chain.filter(exchange);
        });
        filters.addAll(workspaceFilters);
        Function<String, Surface> surface = path -> Surface.WORKSPACE;
        HttpHandler handler = web.azureHandler(combine(workspaceApis.stream().map(WorkspaceApi::routes).toList()),
                name, surface, filters);
        DisposableServer server = bind(0, handler, true);
        workspaceServers.put(resourceId.toLowerCase(java.util.Locale.ROOT), server);
        String host = properties.hostname() + ":" + server.port();
        log.info("Workspace {} ({}) serves https://{}", name, workspaceId, host);
        return host;
    }

    /** Stops the endpoint of the workspace with ARM resource id {@code resourceId}, if it runs. */
    public void stopWorkspace(String resourceId) {
        DisposableServer server = workspaceServers.remove(resourceId.toLowerCase(java.util.Locale.ROOT));
        if (server != null) {
            server.disposeNow();
        }
    }

    private static RouterFunction<ServerResponse> combine(List<RouterFunction<ServerResponse>> routes) {
        return routes.stream().reduce(RouterFunction::and)
                .orElseGet(() -> RouterFunctions.route(request -> false, request -> ServerResponse.notFound().build()));
    }

    private DisposableServer bind(int port, HttpHandler handler, boolean secure) {
        HttpServer server = HttpServer.create().host(properties.bindAddress()).port(port)
                .handle(new ReactorHttpHandlerAdapter(handler));
        if (secure) {
            server = server.secure(spec -> spec.sslContext(tls.serverContext()));
        }
        return server.bindNow();
    }

    /** {@code https://host:port} of Entra ID and ARM. */
    public String mainBaseUrl() {
        return "https://" + properties.hostname() + ":" + main.port();
    }

    /** The account host's port: configured, or {@code port} + 2, or any free one when {@code port} is 0. */
    private int accountPort() {
        int configured = properties.accounts().port();
        if (configured >= 0) {
            return configured;
        }
        return properties.port() == 0 ? 0 : properties.port() + 2;
    }

    /** {@code https://host:port} of the account host, the stand-in for {@code https://accounts.azuredatabricks.net}. */
    public String accountBaseUrl() {
        return "https://" + properties.hostname() + ":" + account.port();
    }

    /** {@code http://host:port} of the admin API. */
    public String adminBaseUrl() {
        return "http://" + properties.hostname() + ":" + admin.port();
    }

    @Override
    public void stop() {
        workspaceServers.values().forEach(DisposableServer::disposeNow);
        workspaceServers.clear();
        if (main != null) {
            main.disposeNow();
        }
        if (admin != null) {
            admin.disposeNow();
        }
        if (account != null) {
            account.disposeNow();
        }
        main = null;
        admin = null;
        account = null;
        if (stopped != null) {
            stopped.countDown();
        }
    }

    @Override
    public boolean isRunning() {
        return main != null;
    }
}
