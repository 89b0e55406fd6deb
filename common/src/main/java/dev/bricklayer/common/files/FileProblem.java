package dev.bricklayer.common.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Something wrong in a configuration file a service loads at start (an access rules file, a blueprint) or in a
 * value checked the same way (a request's overrides).
 *
 * @param file    the file name (or what the value is, e.g. {@code overrides})
 * @param path    JSON pointer to the bad value, e.g. {@code /rules/2/match/employmentType/0}; empty for the whole file
 * @param rule    the check that failed, e.g. {@code enum}, {@code unique}, {@code unknown-property}, {@code yaml}
 * @param subject the named thing the value belongs to (an access rule's name), when known; may be {@code null}
 * @param message what is wrong, for a person
 */
public record FileProblem(String file, String path, String rule, String subject, String message) {

    /** A problem not about a named thing. */
    public FileProblem(String file, String path, String rule, String message) {
        this(file, path, rule, null, message);
    }

    /** The same problem, about {@code subject}. */
    public FileProblem about(String subject) {
        return new FileProblem(file, path, rule, subject, message);
    }

    /**
     * What Jackson's refusal to bind a file's tree means: the path of the bad value, and the rule —
     * {@code unknown-property}, {@code value} (not one of the allowed values), {@code type}, {@code required} (a
     * record refused a missing field; the field itself is named), {@code json}.
     */
    public static FileProblem fromJackson(String file, JsonProcessingException e) {
        String path = "";
        if (e instanceof JsonMappingException mapping) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
            }
            path = pointer.toString();
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() instanceof NullPointerException missing
                && missing.getMessage() != null && missing.getMessage().matches("[A-Za-z]+")) {
            return new FileProblem(file, path + "/" + missing.getMessage(), "required", missing.getMessage() + " is required");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FileProblem(file, path, "unknown-property", "unknown property '" + unknown.getPropertyName() + "'");
        }
        String rule = e instanceof InvalidFormatException ? "value" : e instanceof MismatchedInputException ? "type" : "json";
        return new FileProblem(file, path, rule, e.getOriginalMessage().lines().findFirst().orElse(""));
    }

    @Override
    public String toString() {
        return file + " " + (path.isEmpty() ? "/" : path) + " [" + rule + "]" + (subject != null ? " (" + subject + ")" : "") + " " + message;
    }
}
