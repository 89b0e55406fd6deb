package dev.bricklayer.common.files;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Configuration files (or a value checked like them) that break their rules; carries every problem found. A
 * service does not start with them; a request carrying such a value is refused with them.
 */
public class InvalidFilesException extends RuntimeException {

    private final List<FileProblem> problems;

    /**
     * @param what     what was loaded, e.g. {@code access rules}, {@code blueprint}
     * @param problems every problem, at least one
     */
    public InvalidFilesException(String what, List<FileProblem> problems) {
        super("Invalid " + what + ":\n  " + problems.stream().map(FileProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    /** Throws when {@code problems} is not empty. */
    public static void throwIfAny(String what, List<FileProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidFilesException(what, problems);
        }
    }

    public List<FileProblem> problems() {
        return problems;
    }
}
