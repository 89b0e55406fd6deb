package dev.bricklayer.common.aad;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A token could not be obtained from Entra ID (AAD).
 *
 * <p>Carries the OAuth error code (e.g. {@code invalid_client}), the AADSTS codes from the error description
 * (e.g. {@code AADSTS7000215}) and the HTTP status, so callers can tell errors apart without parsing the
 * message. The message never holds a secret or a token; the underlying MSAL exception is not chained because
 * its message is the authority's free-text error description.
 */
public class AadAuthenticationException extends RuntimeException {

    private final String errorCode;
    private final List<String> aadstsCodes;
    private final Integer httpStatus;
    private final String correlationId;

    public AadAuthenticationException(String message, String errorCode, List<String> aadstsCodes, Integer httpStatus,
            String correlationId) {
        super(message);
        this.errorCode = errorCode;
        this.aadstsCodes = List.copyOf(aadstsCodes);
        this.httpStatus = httpStatus;
        this.correlationId = correlationId;
    }

    /**
     * OAuth error ({@code invalid_client}, {@code unauthorized_client}, ...), an MSAL client error code (e.g.
     * {@code managed_identity_request_failed}), or {@code federated_token_unavailable} when the federated token file
     * held no token.
     */
    public String errorCode() {
        return errorCode;
    }

    /** AADSTS codes named in the error description, e.g. {@code AADSTS7000215}; empty when there are none. */
    public List<String> aadstsCodes() {
        return aadstsCodes;
    }

    /** HTTP status of the authority's answer; empty when no answer was received (network, TLS, local errors). */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** Correlation id of the request, to quote to Microsoft support; may be empty. */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /**
     * Whether trying again later may succeed: no answer at all, throttling or a server error. A rejected
     * credential or an unknown tenant, client or scope is permanent.
     */
    public boolean isTransient() {
        return httpStatus == null || httpStatus == 429 || httpStatus >= 500;
    }
}
