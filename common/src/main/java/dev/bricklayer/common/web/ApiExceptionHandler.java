package dev.bricklayer.common.web;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import dev.bricklayer.common.events.FieldError;
import dev.bricklayer.common.messaging.UnprocessableEventException;
import reactor.core.publisher.Mono;

/**
 * Every REST error of a Bricklayer service as a problem detail ({@link ApiProblems}): Spring WebFlux's own errors
 * (404, 405, 406, 415, a {@code ResponseStatusException}) as {@link ResponseEntityExceptionHandler} renders them;
 * a body the strict JSON decoder refuses, a missing body, a query parameter of the wrong type and a binding that
 * breaks its constraints as 400 naming the field (a JSON pointer, or the parameter) and the rule; a body over
 * {@code spring.codec.max-in-memory-size} as 413. A refusal is logged as one WARN line (method, path, status,
 * what was wrong; the correlation id in the line's MDC); anything unexpected is a 500 whose body names only the
 * correlation id, and is logged at ERROR with its stack trace.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex, HttpHeaders headers,
                                                                         HttpStatusCode status, ServerWebExchange exchange) {
        Optional<DataBufferLimitException> tooLarge = BodyErrors.tooLarge(ex);
        if (tooLarge.isPresent()) {
            return tooLarge(tooLarge.get(), exchange);
        }
        FieldError error = BodyErrors.of(ex).orElseGet(() -> inputError(ex));
        return refuse(ex, HttpStatus.BAD_REQUEST, List.of(error), headers, exchange);
    }

    /** A body over the codec limit comes as a 413 {@code ResponseStatusException}: named like every other body error. */
    @Override
    protected Mono<ResponseEntity<Object>> handleResponseStatusException(ResponseStatusException ex, HttpHeaders headers,
                                                                        HttpStatusCode status, ServerWebExchange exchange) {
        Optional<DataBufferLimitException> tooLarge = BodyErrors.tooLarge(ex);
        return tooLarge.isPresent() ? tooLarge(tooLarge.get(), exchange) : super.handleResponseStatusException(ex, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleMissingRequestValueException(MissingRequestValueException ex, HttpHeaders headers,
                                                                             HttpStatusCode status, ServerWebExchange exchange) {
        return refuse(ex, HttpStatus.BAD_REQUEST, List.of(new FieldError(ex.getName(), "required",
                "the " + ex.getLabel() + " '" + ex.getName() + "' is required")), headers, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex, HttpHeaders headers,
                                                                         HttpStatusCode status, ServerWebExchange exchange) {
        List<FieldError> errors = ex.getFieldErrors().stream().map(field -> field.isBindingFailure()
                ? new FieldError(field.getField(), "type", "'" + field.getRejectedValue() + "' is not a value of " + field.getField() + "'s type")
                : new FieldError(field.getField(), String.valueOf(field.getCode()), String.valueOf(field.getDefaultMessage()))).toList();
        return refuse(ex, HttpStatus.BAD_REQUEST, errors, headers, exchange);
    }

    /** A body larger than the decoders hold in memory. */
    @ExceptionHandler(DataBufferLimitException.class)
    public Mono<ResponseEntity<Object>> tooLarge(DataBufferLimitException ex, ServerWebExchange exchange) {
        return refuse(ex, HttpStatus.PAYLOAD_TOO_LARGE, List.of(new FieldError("/", "size", "the body is larger than this API "
                + "reads (spring.codec.max-in-memory-size): " + ex.getMessage())), new HttpHeaders(), exchange);
    }

    /** Anything no other handler knows: a fault of the service, not of the request. */
    @ExceptionHandler(Exception.class)
    public Mono<ResponseEntity<Object>> unexpected(Exception ex, ServerWebExchange exchange) {
        ProblemDetail problem = ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "The service failed to answer; its log has the "
                + "details under correlation id " + ApiProblems.correlationId(exchange), List.of());
        return createResponseEntity(ApiProblems.answer(problem, exchange, ex), new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
    }

    private Mono<ResponseEntity<Object>> refuse(Exception ex, HttpStatus status, List<FieldError> errors, HttpHeaders headers,
                                                ServerWebExchange exchange) {
        String reason = errors.stream().allMatch(e -> e.rule().equals("json") || e.rule().equals("size")) ? errors.get(0).rule() : "invalid";
        ProblemDetail problem = ApiProblems.of(status, UnprocessableEventException.describe(reason, errors), errors);
        return handleExceptionInternal(ex, problem, headers, status, exchange);
    }

    /**
     * Every problem answer passes here: the request path and correlation id are added, and the refusal is logged
     * once, at WARN.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers, HttpStatusCode status,
                                                                   ServerWebExchange exchange) {
        return super.handleExceptionInternal(ex, body, headers, status, exchange).map(answer -> {
            if (answer.getBody() instanceof ProblemDetail problem) {
                ApiProblems.answer(problem, exchange, ex);
            }
            return answer;
        });
    }

    private static FieldError inputError(ServerWebInputException ex) {
        if (ex.getMethodParameter() != null && ex.getMethodParameter().hasParameterAnnotation(RequestBody.class)
                && (ex.getCause() == null || ex.getCause() instanceof DecodingException decoding && decoding.getCause() == null)) {
            return new FieldError("/", "required", "the request has no body; a JSON value is expected");
        }
        String name = ex.getMethodParameter() != null && ex.getMethodParameter().getParameterName() != null
                ? ex.getMethodParameter().getParameterName() : "/";
        if (ex.getCause() instanceof TypeMismatchException mismatch) {
            return new FieldError(name, "type", "'" + mismatch.getValue() + "' is not a value of " + name + "'s type ("
                    + (mismatch.getRequiredType() == null ? "?" : mismatch.getRequiredType().getSimpleName()) + ")");
        }
        return new FieldError(name, "input", String.valueOf(ex.getReason()));
    }
}
