package dev.bricklayer.identity.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import dev.bricklayer.common.events.identity.WorkspacePermission;
import dev.bricklayer.common.events.workspace.Entitlement;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.files.YamlFolder;

/**
 * The checks of access rules files: each file binds to {@link AccessRuleFile} (no unknown property, entitlements
 * SCIM knows, a workspace permission of {@code USER} or {@code ADMIN}), declares a version and a rules list, and each
 * rule is well formed — a unique name, at least one attribute to match with non-blank values, a workspace selector,
 * no built-in group, something to give, data grants as {@link DataGrantChecks} checks them. Every
 * problem is named by file, JSON pointer, check and the access rule it belongs to ({@link FileProblem#subject()}).
 */
final class AccessRuleChecks {

    private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern IN_RULE = Pattern.compile("^/rules/(\\d+)");
    private static final Set<String> RESERVED_GROUPS = Set.of("admins", "users");
    private static final Set<String> EMPLOYMENT_TYPES = Set.of("employee", "contractor", "intern", "temporary");

    private final ObjectMapper json;
    private final List<FileProblem> problems = new ArrayList<>();
    private final Map<String, String> ruleFiles = new HashMap<>();

    AccessRuleChecks(ObjectMapper mapper) {
        this.json = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Every problem found so far. */
    List<FileProblem> problems() {
        return problems;
    }

    /** The file's rules that passed every check; {@code null} when the file itself is not a rules file. */
    AccessRuleFile check(YamlFolder.YamlFile file) {
        AccessRuleFile parsed = parse(file.name(), file.tree());
        if (parsed == null) {
            return null;
        }
        List<AccessRule> passed = new ArrayList<>();
        for (int i = 0; i < parsed.rules().size(); i++) {
            AccessRule rule = parsed.rules().get(i);
            String path = "/rules/" + i;
            int before = problems.size();
            check(file.name(), path, rule);
            if (rule.name() != null) {
                String earlier = ruleFiles.putIfAbsent(rule.name(), file.name() + " " + path);
                if (earlier != null) {
                    problems.add(new FileProblem(file.name(), path + "/name", "unique", rule.name(),
                            "rule " + rule.name() + " is already defined at " + earlier));
                }
            }
            if (problems.size() == before) {
                passed.add(rule);
            }
        }
        return new AccessRuleFile(parsed.version(), parsed.description(), passed);
    }

    private AccessRuleFile parse(String file, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            problems.add(new FileProblem(file, "", "object", "a rules file is a YAML mapping with version and rules"));
            return null;
        }
        AccessRuleFile parsed;
        try {
            parsed = json.treeToValue(tree, AccessRuleFile.class);
        } catch (JsonProcessingException e) {
            problems.add(fromJackson(file, tree, e));
            return null;
        }
        int before = problems.size();
        if (parsed.version() == null) {
            problems.add(new FileProblem(file, "/version", "required", "version is required"));
        } else if (parsed.version() < 1) {
            problems.add(new FileProblem(file, "/version", "minimum", "version must be 1 or more"));
        }
        if (parsed.rules() == null) {
            problems.add(new FileProblem(file, "/rules", "required", "rules is required (a list, may be empty)"));
        }
        return problems.size() == before ? parsed : null;
    }

    private void check(String file, String path, AccessRule rule) {
        String name = rule.name();
        if (name == null) {
            problems.add(new FileProblem(file, path + "/name", "required", "name is required"));
        } else if (!RULE_NAME.matcher(name).matches()) {
            problems.add(new FileProblem(file, path + "/name", "pattern", name, "name must be lower-case letters, digits and hyphens (at most 63)"));
        }
        if (rule.match() == null) {
            problems.add(new FileProblem(file, path + "/match", "required", name, "match is required"));
        } else {
            checkMatch(file, path + "/match", name, rule.match());
        }
        AccessRule.WorkspaceSelector workspaces = rule.workspaces();
        if (workspaces == null) {
            problems.add(new FileProblem(file, path + "/workspaces", "required", name, "workspaces is required (tags and/or names)"));
        } else {
            checkWorkspaces(file, path + "/workspaces", name, workspaces);
        }
        for (int i = 0; i < rule.groups().size(); i++) {
            String group = rule.groups().get(i);
            if (group == null || group.isBlank()) {
                problems.add(new FileProblem(file, path + "/groups/" + i, "non-blank", name, "a group name is blank"));
            } else if (RESERVED_GROUPS.contains(group)) {
                problems.add(new FileProblem(file, path + "/groups/" + i, "reserved-group", name,
                        "'" + group + "' is a built-in group; access rules do not hand it out"));
            }
        }
        if (rule.groups().isEmpty() && rule.entitlements().isEmpty()) {
            problems.add(new FileProblem(file, path, "grants-nothing", name, "a rule gives at least one group or entitlement"));
        }
        DataGrantChecks.check(file, path, rule, problems);
    }

    private void checkMatch(String file, String path, String name, AccessRule.Match match) {
        Map<String, List<String>> criteria = criteria(match);
        if (criteria.isEmpty()) {
            problems.add(new FileProblem(file, path, "match-required", name,
                    "match must name at least one of department, costCentre, jobTitle, location, employmentType"));
        }
        criteria.forEach((attribute, values) -> {
            if (values.isEmpty()) {
                problems.add(new FileProblem(file, path + "/" + attribute, "non-empty", name, attribute + " lists no value"));
            }
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                if (value == null || value.isBlank()) {
                    problems.add(new FileProblem(file, path + "/" + attribute + "/" + i, "non-blank", name, "a value is blank"));
                } else if (attribute.equals("employmentType") && !EMPLOYMENT_TYPES.contains(value)) {
                    problems.add(new FileProblem(file, path + "/" + attribute + "/" + i, "enum", name,
                            "'" + value + "' is not one of " + new TreeSet<>(EMPLOYMENT_TYPES)));
                }
            }
        });
    }

    private void checkWorkspaces(String file, String path, String name, AccessRule.WorkspaceSelector workspaces) {
        if (workspaces.tags().isEmpty() && workspaces.names().isEmpty()) {
            problems.add(new FileProblem(file, path, "selector-required", name, "workspaces must give tags or names"));
        }
        workspaces.tags().forEach((key, value) -> {
            if (key.isBlank() || value == null || value.isBlank()) {
                problems.add(new FileProblem(file, path + "/tags/" + key, "non-blank", name, "tag names and values must not be blank"));
            }
        });
        for (int i = 0; i < workspaces.names().size(); i++) {
            String workspace = workspaces.names().get(i);
            if (workspace == null || workspace.isBlank()) {
                problems.add(new FileProblem(file, path + "/names/" + i, "non-blank", name, "a workspace name is blank"));
            }
        }
    }

    private static Map<String, List<String>> criteria(AccessRule.Match match) {
        Map<String, List<String>> criteria = new LinkedHashMap<>();
        put(criteria, "department", match.department());
        put(criteria, "costCentre", match.costCentre());
        put(criteria, "jobTitle", match.jobTitle());
        put(criteria, "location", match.location());
        put(criteria, "employmentType", match.employmentType());
        return criteria;
    }

    private static void put(Map<String, List<String>> criteria, String name, List<String> values) {
        if (values != null) {
            criteria.put(name, values);
        }
    }

    /** Jackson's refusal as a problem of the access rule it is in; an entitlement SCIM does not know is an {@code enum} problem. */
    private static FileProblem fromJackson(String file, JsonNode tree, JsonProcessingException e) {
        FileProblem problem = FileProblem.fromJackson(file, e);
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == Entitlement.class) {
            problem = new FileProblem(file, problem.path(), "enum", "'" + invalid.getValue() + "' is not an entitlement "
                    + "(allow-cluster-create, allow-instance-pool-create, databricks-sql-access, workspace-access, workspace-consume)");
        } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == WorkspacePermission.class) {
            problem = new FileProblem(file, problem.path(), "enum", "'" + invalid.getValue() + "' is not a workspace permission (USER, ADMIN)");
        }
        Matcher inRule = IN_RULE.matcher(problem.path());
        if (inRule.find()) {
            JsonNode named = tree.path("rules").path(Integer.parseInt(inRule.group(1))).path("name");
            return named.isTextual() ? problem.about(named.asText()) : problem;
        }
        return problem;
    }
}
