package dev.bricklayer.identity.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Access rules that break their format; carries every problem found. The service does not start with them. */
public class InvalidAccessRulesException extends RuntimeException {

    private final List<RuleProblem> problems;

    public InvalidAccessRulesException(List<RuleProblem> problems) {
        super("Invalid access rules:\n  " + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
