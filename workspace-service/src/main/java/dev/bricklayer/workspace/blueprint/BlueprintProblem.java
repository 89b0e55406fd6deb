package dev.bricklayer.workspace.blueprint;

/**
 * Something wrong in a blueprint.
 *
 * @param file    the blueprint file (or {@code overrides} for a request's overrides)
 * @param path    JSON pointer to the bad value, e.g. {@code /desiredState/ipAccessLists/0/addresses/1}
 * @param rule    the rule broken, e.g. {@code ipv4-or-cidr}, {@code unknown-property}, {@code unique}
 * @param message what is wrong, for a person
 */
public record BlueprintProblem(String file, String path, String rule, String message) {

    @Override
    public String toString() {
        return file + " " + path + " [" + rule + "] " + message;
    }
}
