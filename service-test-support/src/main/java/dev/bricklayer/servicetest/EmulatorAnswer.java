package dev.bricklayer.servicetest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the emulator answered: the status, the body as text and as JSON (an empty object when it had none, null when
 * it was not JSON).
 */
public record EmulatorAnswer(String request, int status, String text, JsonNode body) {

    /**
     * The JSON body of a successful answer; for a 4xx or 5xx, or a body that is not JSON, an exception naming the
     * request, the status and the body.
     */
    public JsonNode successful() {
        if (status >= 400 || body == null) {
            throw new IllegalStateException(request + " answered " + status + ": " + text);
        }
        return body;
    }

    @Override
    public String toString() {
        return "Answer[" + request + " -> " + status + "]"; // the body may hold a token value
    }
}
