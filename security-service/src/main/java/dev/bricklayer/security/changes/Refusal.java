package dev.bricklayer.security.changes;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A desired state security-service will not apply, found before any write (and, for {@code validate}, before any
 * call at all). Announced as {@code WorkspaceSecuringFailed(step, code, message)}.
 */
public final class Refusal extends RuntimeException {

    /** Codes that say most about a refused state, named first when there are several problems. */
    private static final List<String> SEVERITY = List.of(Problem.LOCKOUT, Problem.QUOTA_EXCEEDED);

    private final String step;
    private final List<Problem> problems;

    public Refusal(String step, List<Problem> problems) {
        super(describe(problems));
        this.step = Objects.requireNonNull(step, "step");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs a problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** {@code validate} (checked before any call) or {@code ip-access-lists} (checked against the lists read). */
    public String step() {
        return step;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The code of the most telling problem: {@code LOCKOUT}, then {@code QUOTA_EXCEEDED}, then the first found. */
    public String code() {
        return problems.stream().min(Comparator.comparingInt(p -> {
            int rank = SEVERITY.indexOf(p.code());
            return rank < 0 ? SEVERITY.size() : rank;
        })).orElseThrow().code();
    }

    private static String describe(List<Problem> problems) {
        return String.join("; ", problems.stream().map(Problem::message).toList());
    }

    /**
     * One reason to refuse.
     *
     * @param field   JSON pointer into the desired state ({@code /ipAccessLists/1/addresses/0}), or {@code null}
     * @param code    e.g. {@code LOCKOUT}, {@code QUOTA_EXCEEDED}, {@code INVALID_IP_ADDRESS}
     * @param message for a person, naming what is wrong and where
     */
    public record Problem(String field, String code, String message) {

        public static final String LOCKOUT = "LOCKOUT";
        public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";
        public static final String INVALID_IP_ADDRESS = "INVALID_IP_ADDRESS";
        public static final String INVALID_IP_ACCESS_LIST = "INVALID_IP_ACCESS_LIST";
        public static final String INVALID_POLICY = "INVALID_POLICY";
        public static final String INVALID_POLICY_DEFINITION = "INVALID_POLICY_DEFINITION";
        public static final String INVALID_CLUSTER = "INVALID_CLUSTER";
        public static final String UNKNOWN_POLICY = "UNKNOWN_POLICY";
        public static final String AUTOTERMINATION_REQUIRED = "AUTOTERMINATION_REQUIRED";
        public static final String INVALID_CATALOG = "INVALID_CATALOG";

        public Problem {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
