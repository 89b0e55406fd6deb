package dev.bricklayer.common.http;

import java.util.Optional;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

/** Names of the {@link ClientRequest} attributes the stack's filters share. */
public final class RequestAttributes {

    /** The correlation id of the call. */
    public static final String CORRELATION_ID = "bricklayer.correlationId";

    /** The attempt number, 1 for the first. */
    public static final String ATTEMPT = "bricklayer.attempt";

    /**
     * The workspace a call concerns. Set by the factory for workspace clients; callers of ARM may set it
     * with {@code .attribute(RequestAttributes.WORKSPACE, name)}, else it is read from the resource path.
     */
    public static final String WORKSPACE = "bricklayer.workspace";

    /** Set by {@link WebClient} when a request URI is given as a template with variables. */
    static final String URI_TEMPLATE = WebClient.class.getName() + ".uriTemplate";

    private RequestAttributes() {
    }

    static Optional<String> string(ClientRequest request, String name) {
        return request.attribute(name).map(Object::toString);
    }

    static int attempt(ClientRequest request) {
        return request.attribute(ATTEMPT).map(Integer.class::cast).orElse(1);
    }
}
