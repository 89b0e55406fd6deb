package dev.bricklayer.workspace.blueprint;

import java.util.List;
import java.util.stream.Collectors;

/** A blueprint (or a request's overrides) that breaks its rules; carries every problem found. */
public class InvalidBlueprintException extends RuntimeException {

    private final List<BlueprintProblem> problems;

    public InvalidBlueprintException(List<BlueprintProblem> problems) {
        super("Invalid blueprint:\n  " + problems.stream().map(BlueprintProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<BlueprintProblem> problems() {
        return problems;
    }
}
