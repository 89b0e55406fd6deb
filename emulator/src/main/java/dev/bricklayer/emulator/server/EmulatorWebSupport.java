package dev.bricklayer.emulator.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.http.codec.json.Jackson2JsonEncoder;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.emulator.config.EmulatorProperties;
import dev.bricklayer.emulator.faults.FaultInjector;
import dev.bricklayer.emulator.faults.FaultRule;
import dev.bricklayer.emulator.journal.Journal;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Turns router functions into HTTP handlers the way every emulator server needs them: Jackson codecs, the
 * journal (records each answer when it is committed), fault injection, the surface's own error bodies for
 * {@link EmulatorException}, unknown paths and unreadable bodies.
 */
@Component
public class EmulatorWebSupport {

    private static final String RESET = "emulator.reset";

    private final ObjectMapper mapper;
    private final Journal journal;
    private final FaultInjector faults;
    private final EmulatorProperties properties;

    public EmulatorWebSupport(ObjectMapper mapper, Journal journal, FaultInjector faults, EmulatorProperties properties) {
        this.mapper = mapper;
        this.journal = journal;
        this.faults = faults;
        this.properties = properties;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * An Azure-surface handler: journaled, fault-injectable.
     *
     * @param workspaceName the workspace this server serves, or {@code null}
     * @param surfaceOf     which surface a request path belongs to (the main port serves AAD and ARM)
     * @param extraFilters  filters after the journal and fault filters (e.g. the workspace's authentication)
     */
    public HttpHandler azureHandler(RouterFunction<ServerResponse> routes, String workspaceName,
                                    java.util.function.Function<String, Surface> surfaceOf, List<WebFilter> extraFilters) {
        HandlerStrategies.Builder strategies = strategies()
                .exceptionHandler(exceptionHandler(surfaceOf))
                .webFilter(journalFilter(workspaceName, surfaceOf))
                .webFilter(faultFilter(workspaceName, surfaceOf));
        extraFilters.forEach(strategies::webFilter);
        RouterFunction<ServerResponse> withFallback = routes.and(RouterFunctions.route(request -> true, request -> {
            Surface surface = surfaceOf.apply(request.path());
            return Mono.error(notFound(surface, request.methodName(), request.path()));
        }));
        return RouterFunctions.toHttpHandler(withFallback, strategies.build());
    }

    /** The admin API's handler: not journaled, no faults, JSON errors. */
    public HttpHandler adminHandler(RouterFunction<ServerResponse> routes) {
        return RouterFunctions.toHttpHandler(routes, strategies().exceptionHandler(exceptionHandler(path -> Surface.WORKSPACE)).build());
    }

    private HandlerStrategies.Builder strategies() {
        return HandlerStrategies.builder().codecs(codecs -> {
            codecs.defaultCodecs().jackson2JsonEncoder(new Jackson2JsonEncoder(mapper));
            codecs.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(mapper,
                    MediaType.APPLICATION_JSON, new MediaType("application", "*+json")));
            codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024);
        });
    }

    private static EmulatorException notFound(Surface surface, String method, String path) {
        return switch (surface) {
            case ARM -> EmulatorException.arm(404, "InvalidResourceType",
                    "The resource type could not be found for the path '" + path + "'.");
            case AAD -> EmulatorException.aad(404, "invalid_request", 90002, "No such endpoint: " + path);
            case WORKSPACE, ACCOUNT -> EmulatorException.databricks(404, "ENDPOINT_NOT_FOUND",
                    "No API found for '" + method + " " + path + "'");
        };
    }

    private WebFilter journalFilter(String workspaceName, java.util.function.Function<String, Surface> surfaceOf) {
        return (exchange, chain) -> {
            Instant arrived = Instant.now();
            String source = RequestContext.sourceAddress(exchange, properties.trustSourceAddressHeader());
            exchange.getResponse().beforeCommit(() -> {
                if (exchange.getAttribute(RESET) != null) {
                    return Mono.empty(); // recorded with status 0 when the connection was reset
                }
                HttpStatus status = HttpStatus.resolve(exchange.getResponse().getStatusCode() == null ? 200
                        : exchange.getResponse().getStatusCode().value());
                record(exchange, arrived, workspaceName, surfaceOf, status == null ? 200 : status.value(), source);
                return Mono.empty();
            });
            return chain.filter(exchange);
        };
    }

    private void record(ServerWebExchange exchange, Instant arrived, String workspaceName,
                        java.util.function.Function<String, Surface> surfaceOf, int status, String source) {
        String path = exchange.getRequest().getPath().value();
        journal.record(arrived, surfaceOf.apply(path).tag(), workspaceName, exchange.getRequest().getMethod().name(),
                path, exchange.getRequest().getURI().getRawQuery(), status,
                (String) exchange.getAttribute(RequestContext.PRINCIPAL), source,
                (String) exchange.getAttribute(RequestContext.FAULT));
    }

    private WebFilter faultFilter(String workspaceName, java.util.function.Function<String, Surface> surfaceOf) {
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().value();
            Surface surface = surfaceOf.apply(path);
            return faults.decide(surface.tag(), workspaceName, exchange.getRequest().getMethod().name(), path)
                    .map(rule -> apply(rule, surface, exchange, chain, workspaceName, surfaceOf))
                    .orElseGet(() -> chain.filter(exchange));
        };
    }

    private Mono<Void> apply(FaultRule rule, Surface surface, ServerWebExchange exchange,
                             org.springframework.web.server.WebFilterChain chain, String workspaceName,
                             java.util.function.Function<String, Surface> surfaceOf) {
        exchange.getAttributes().put(RequestContext.FAULT, rule.id());
        return switch (rule.kind()) {
            case LATENCY -> Mono.delay(rule.latency() == null ? java.time.Duration.ofSeconds(1) : rule.latency())
                    .then(chain.filter(exchange));
            case ERROR -> Mono.error(EmulatorException.of(surface, rule.status() == null ? 500 : rule.status(),
                    rule.errorCode() == null ? defaultCode(surface, 500) : rule.errorCode(),
                    rule.message() == null ? "Injected fault " + rule.id() : rule.message()));
            case THROTTLE -> Mono.error(EmulatorException.of(surface, 429, defaultCode(surface, 429),
                            rule.message() == null ? "Too many requests" : rule.message())
                    .header("Retry-After", String.valueOf(rule.retryAfterSeconds() == null ? 1 : rule.retryAfterSeconds())));
            case OUTAGE -> Mono.error(EmulatorException.of(surface, 503, defaultCode(surface, 503),
                    rule.message() == null ? "The service is temporarily unavailable" : rule.message()));
            case RESET -> Mono.fromRunnable(() -> {
                exchange.getAttributes().put(RESET, Boolean.TRUE);
                record(exchange, Instant.now(), workspaceName, surfaceOf, 0,
                        RequestContext.sourceAddress(exchange, properties.trustSourceAddressHeader()));
                reset(exchange);
            });
        };
    }

    private static String defaultCode(Surface surface, int status) {
        return switch (surface) {
            case ARM -> status == 429 ? "TooManyRequests" : status == 503 ? "ServiceUnavailable" : "InternalServerError";
            case AAD -> status == 429 ? "temporarily_unavailable" : "server_error";
            case WORKSPACE, ACCOUNT -> status == 429 ? "REQUEST_LIMIT_EXCEEDED" : status == 503 ? "TEMPORARILY_UNAVAILABLE" : "INTERNAL_ERROR";
        };
    }

    /** Closes the connection with a TCP reset (SO_LINGER 0), so the client sees "connection reset by peer". */
    private static void reset(ServerWebExchange exchange) {
        Object nativeRequest = org.springframework.http.server.reactive.ServerHttpRequestDecorator
                .getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            connection.channel().close();
        }
    }

    private WebExceptionHandler exceptionHandler(java.util.function.Function<String, Surface> surfaceOf) {
        return (exchange, error) -> {
            EmulatorException answer = toAnswer(error, surfaceOf.apply(exchange.getRequest().getPath().value()),
                    exchange);
            if (exchange.getResponse().isCommitted()) {
                return Mono.error(error);
            }
            exchange.getResponse().setRawStatusCode(answer.status());
            exchange.getResponse().getHeaders().putAll(answer.headers());
            exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
            byte[] json;
            try {
                json = mapper.writeValueAsBytes(answer.body());
            } catch (Exception e) {
                json = "{}".getBytes(StandardCharsets.UTF_8);
            }
            DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(json);
            return exchange.getResponse().writeWith(Mono.just(buffer));
        };
    }

    private static EmulatorException toAnswer(Throwable error, Surface surface, ServerWebExchange exchange) {
        if (error instanceof EmulatorException emulator) {
            return emulator;
        }
        if (error instanceof ServerWebInputException || error instanceof DecodingException) {
            return switch (surface) {
                case ARM -> JsonBodies.Format.ARM.notJson();
                case AAD -> EmulatorException.aad(400, "invalid_request", 900144, "The request body must contain the parameters.");
                case WORKSPACE, ACCOUNT -> JsonBodies.Format.DATABRICKS.notJson();
            };
        }
        if (error instanceof ResponseStatusException status) {
            int code = status.getStatusCode().value();
            return code == 405
                    ? EmulatorException.of(surface, 405, surface.databricks() ? "ENDPOINT_NOT_FOUND" : "MethodNotAllowed",
                    "Method " + exchange.getRequest().getMethod() + " not allowed for " + exchange.getRequest().getPath())
                    : EmulatorException.of(surface, code, surface.databricks() ? "BAD_REQUEST" : "BadRequest", status.getReason());
        }
        org.slf4j.LoggerFactory.getLogger(EmulatorWebSupport.class).error("Unexpected error serving "
                + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath(), error);
        return EmulatorException.of(surface, 500, surface.databricks() ? "INTERNAL_ERROR" : "InternalServerError",
                "Internal error: " + error.getClass().getSimpleName());
    }
}
