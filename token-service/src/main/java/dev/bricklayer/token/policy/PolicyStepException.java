package dev.bricklayer.token.policy;

/**
 * A step of applying a token policy failed for good; becomes {@code TokenPolicyFailed}.
 */
public class PolicyStepException extends RuntimeException {

    private final String step;
    private final String errorCode;

    public PolicyStepException(String step, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.errorCode = errorCode;
    }

    /** {@code enable-tokens}, {@code max-lifetime} or {@code token-permissions}. */
    public String step() {
        return step;
    }

    public String errorCode() {
        return errorCode;
    }
}
