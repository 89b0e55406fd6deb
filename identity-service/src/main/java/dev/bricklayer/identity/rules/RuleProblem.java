package dev.bricklayer.identity.rules;

/**
 * Something wrong in an access rules file.
 *
 * @param file     the file name
 * @param path     JSON pointer to the bad value, e.g. {@code /rules/2/match/employmentType/0}
 * @param rule     the check that failed, e.g. {@code enum}, {@code unique}, {@code unknown-property}
 * @param ruleName the access rule the value belongs to, when known; may be {@code null}
 * @param message  what is wrong, for a person
 */
public record RuleProblem(String file, String path, String rule, String ruleName, String message) {

    @Override
    public String toString() {
        return file + " " + (path.isEmpty() ? "/" : path) + " [" + rule + "]" + (ruleName != null ? " (rule " + ruleName + ")" : "")
                + " " + message;
    }
}
