package dev.bricklayer.identity.rules;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrAttributes;

/** An access rule made ready for matching: lower-cased values, compiled job title patterns, SCIM entitlement values. */
final class MatchingRule {

    final AccessRule rule;
    final List<String> entitlements;
    private final Set<String> departments;
    private final Set<String> costCentres;
    private final List<Pattern> jobTitles;
    private final Set<String> locations;
    private final Set<String> employmentTypes;

    MatchingRule(AccessRule rule, ObjectMapper mapper) {
        this.rule = rule;
        AccessRule.Match match = rule.match();
        this.departments = lower(match.department());
        this.costCentres = lower(match.costCentre());
        this.jobTitles = match.jobTitle() == null ? null : match.jobTitle().stream().map(MatchingRule::glob).toList();
        this.locations = lower(match.location());
        this.employmentTypes = lower(match.employmentType());
        this.entitlements = rule.entitlements().stream().map(e -> mapper.convertValue(e, String.class)).toList();
    }

    boolean matches(HrAttributes person) {
        return accepts(departments, person.department()) && accepts(costCentres, person.costCentre())
                && (jobTitles == null || person.jobTitle() != null && jobTitles.stream().anyMatch(p -> p.matcher(person.jobTitle()).matches()))
                && accepts(locations, person.location())
                && accepts(employmentTypes, person.employmentType() == null ? null
                : person.employmentType().name().toLowerCase(Locale.ROOT));
    }

    boolean selects(WorkspaceView workspace) {
        AccessRule.WorkspaceSelector selector = rule.workspaces();
        if (selector.names().contains(workspace.name())) {
            return true;
        }
        return !selector.tags().isEmpty() && selector.tags().entrySet().stream()
                .allMatch(tag -> tag.getValue().equals(workspace.tags().get(tag.getKey())));
    }

    private static boolean accepts(Set<String> accepted, String value) {
        return accepted == null || value != null && accepted.contains(value.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lower(List<String> values) {
        return values == null ? null : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** {@code *} any run of characters, {@code ?} one character, the rest literal; case-insensitive. */
    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
