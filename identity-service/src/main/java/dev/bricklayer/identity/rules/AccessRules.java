package dev.bricklayer.identity.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.workspace.Entitlement;

/**
 * The access rules of a folder ({@code *.yaml}, {@code *.yml}), checked when loaded: a bad file is refused with its
 * name, the JSON pointer in it, the check it fails and the rule it belongs to. Evaluating them for a person and a
 * workspace gives the groups and entitlements of every rule that matches; a person no rule matches gets nothing.
 */
public final class AccessRules {

    private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> RESERVED_GROUPS = Set.of("admins", "users");
    private static final Set<String> EMPLOYMENT_TYPES = Set.of("employee", "contractor", "intern", "temporary");

    private final List<Compiled> rules;
    private final Map<String, Integer> versions;
    private final String fingerprint;

    private AccessRules(List<Compiled> rules, Map<String, Integer> versions, String fingerprint) {
        this.rules = rules;
        this.versions = versions;
        this.fingerprint = fingerprint;
    }

    /** Loads and checks every rules file of {@code folder}. */
    public static AccessRules load(Path folder, ObjectMapper mapper) {
        ObjectMapper json = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        if (!Files.isDirectory(folder)) {
            throw new InvalidAccessRulesException(List.of(new RuleProblem(folder.toString(), "", "folder", null,
                    "the access rules folder does not exist (bricklayer.identity.access-rules-dir)")));
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new InvalidAccessRulesException(List.of(new RuleProblem(folder.toString(), "", "read", null, e.getMessage())));
        }
        List<RuleProblem> problems = new ArrayList<>();
        List<Compiled> compiled = new ArrayList<>();
        Map<String, String> ruleFiles = new HashMap<>();
        Map<String, Integer> versions = new java.util.TreeMap<>();
        MessageDigest digest = sha256();
        for (Path file : files) {
            String name = file.getFileName().toString();
            byte[] content;
            JsonNode tree;
            try {
                content = Files.readAllBytes(file);
                tree = yaml.readTree(content);
            } catch (IOException e) {
                problems.add(new RuleProblem(name, "", "yaml", null, "not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
                continue;
            }
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update(content);
            AccessRuleFile parsed = parse(name, tree, json, problems);
            if (parsed == null) {
                continue;
            }
            versions.put(name, parsed.version());
            List<AccessRule> rules = parsed.rules() == null ? List.of() : parsed.rules();
            for (int i = 0; i < rules.size(); i++) {
                AccessRule rule = rules.get(i);
                String path = "/rules/" + i;
                int before = problems.size();
                check(name, path, rule, problems);
                if (rule.name() != null) {
                    String earlier = ruleFiles.putIfAbsent(rule.name(), name + " " + path);
                    if (earlier != null) {
                        problems.add(new RuleProblem(name, path + "/name", "unique", rule.name(),
                                "rule " + rule.name() + " is already defined at " + earlier));
                    }
                }
                if (problems.size() == before) {
                    compiled.add(new Compiled(rule, mapper));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidAccessRulesException(problems);
        }
        return new AccessRules(List.copyOf(compiled), Map.copyOf(versions), HexFormat.of().formatHex(digest.digest()));
    }

    private static AccessRuleFile parse(String file, JsonNode tree, ObjectMapper json, List<RuleProblem> problems) {
        if (tree == null || !tree.isObject()) {
            problems.add(new RuleProblem(file, "", "object", null, "a rules file is a YAML mapping with version and rules"));
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
            problems.add(new RuleProblem(file, "/version", "required", null, "version is required"));
        } else if (parsed.version() < 1) {
            problems.add(new RuleProblem(file, "/version", "minimum", null, "version must be 1 or more"));
        }
        if (parsed.rules() == null) {
            problems.add(new RuleProblem(file, "/rules", "required", null, "rules is required (a list, may be empty)"));
        }
        return problems.size() == before ? parsed : null;
    }

    private static void check(String file, String path, AccessRule rule, List<RuleProblem> problems) {
        String name = rule.name();
        if (name == null) {
            problems.add(new RuleProblem(file, path + "/name", "required", null, "name is required"));
        } else if (!RULE_NAME.matcher(name).matches()) {
            problems.add(new RuleProblem(file, path + "/name", "pattern", name, "name must be lower-case letters, digits and hyphens (at most 63)"));
        }
        AccessRule.Match match = rule.match();
        if (match == null) {
            problems.add(new RuleProblem(file, path + "/match", "required", name, "match is required"));
        } else {
            Map<String, List<String>> criteria = criteria(match);
            if (criteria.isEmpty()) {
                problems.add(new RuleProblem(file, path + "/match", "match-required", name,
                        "match must name at least one of department, costCentre, jobTitle, location, employmentType"));
            }
            criteria.forEach((attribute, values) -> {
                if (values.isEmpty()) {
                    problems.add(new RuleProblem(file, path + "/match/" + attribute, "non-empty", name, attribute + " lists no value"));
                }
                for (int i = 0; i < values.size(); i++) {
                    String value = values.get(i);
                    if (value == null || value.isBlank()) {
                        problems.add(new RuleProblem(file, path + "/match/" + attribute + "/" + i, "non-blank", name, "a value is blank"));
                    } else if (attribute.equals("employmentType") && !EMPLOYMENT_TYPES.contains(value)) {
                        problems.add(new RuleProblem(file, path + "/match/" + attribute + "/" + i, "enum", name,
                                "'" + value + "' is not one of " + new TreeSet<>(EMPLOYMENT_TYPES)));
                    }
                }
            });
        }
        AccessRule.WorkspaceSelector workspaces = rule.workspaces();
        if (workspaces == null) {
            problems.add(new RuleProblem(file, path + "/workspaces", "required", name, "workspaces is required (tags and/or names)"));
        } else {
            if (workspaces.tags().isEmpty() && workspaces.names().isEmpty()) {
                problems.add(new RuleProblem(file, path + "/workspaces", "selector-required", name,
                        "workspaces must give tags or names"));
            }
            workspaces.tags().forEach((key, value) -> {
                if (key.isBlank() || value == null || value.isBlank()) {
                    problems.add(new RuleProblem(file, path + "/workspaces/tags/" + key, "non-blank", name, "tag names and values must not be blank"));
                }
            });
            for (int i = 0; i < workspaces.names().size(); i++) {
                String workspace = workspaces.names().get(i);
                if (workspace == null || workspace.isBlank()) {
                    problems.add(new RuleProblem(file, path + "/workspaces/names/" + i, "non-blank", name, "a workspace name is blank"));
                }
            }
        }
        for (int i = 0; i < rule.groups().size(); i++) {
            String group = rule.groups().get(i);
            if (group == null || group.isBlank()) {
                problems.add(new RuleProblem(file, path + "/groups/" + i, "non-blank", name, "a group name is blank"));
            } else if (RESERVED_GROUPS.contains(group)) {
                problems.add(new RuleProblem(file, path + "/groups/" + i, "reserved-group", name,
                        "'" + group + "' is a built-in group; access rules do not hand it out"));
            }
        }
        if (rule.groups().isEmpty() && rule.entitlements().isEmpty()) {
            problems.add(new RuleProblem(file, path, "grants-nothing", name, "a rule gives at least one group or entitlement"));
        }
    }

    private static Map<String, List<String>> criteria(AccessRule.Match match) {
        Map<String, List<String>> criteria = new java.util.LinkedHashMap<>();
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

    static RuleProblem fromJackson(String file, JsonNode tree, JsonProcessingException e) {
        String path = "";
        if (e instanceof JsonMappingException mapping) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
            }
            path = pointer.toString();
        }
        String ruleName = null;
        java.util.regex.Matcher inRule = Pattern.compile("^/rules/(\\d+)").matcher(path);
        if (inRule.find()) {
            JsonNode named = tree.path("rules").path(Integer.parseInt(inRule.group(1))).path("name");
            ruleName = named.isTextual() ? named.asText() : null;
        }
        String rule = e instanceof UnrecognizedPropertyException ? "unknown-property"
                : e instanceof InvalidFormatException ? "value" : e instanceof MismatchedInputException ? "type" : "json";
        String message = e.getOriginalMessage().lines().findFirst().orElse("");
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() == Entitlement.class) {
            rule = "enum";
            message = "'" + invalid.getValue() + "' is not an entitlement (allow-cluster-create, allow-instance-pool-create, "
                    + "databricks-sql-access, workspace-access, workspace-consume)";
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown property '" + unknown.getPropertyName() + "'";
        }
        return new RuleProblem(file, path, rule, ruleName, message);
    }

    /**
     * What the rules give a person in a workspace: the union of every matching rule's groups (only those the
     * workspace defines) and entitlements; empty when no rule gives this person this workspace.
     */
    public Optional<Access> evaluate(HrAttributes person, WorkspaceView workspace) {
        if (person == null) {
            return Optional.empty();
        }
        TreeSet<String> groups = new TreeSet<>();
        TreeSet<String> entitlements = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (Compiled rule : rules) {
            if (rule.matches(person) && rule.selects(workspace)) {
                names.add(rule.rule.name());
                rule.rule.groups().stream().filter(workspace.groups()::contains).forEach(groups::add);
                entitlements.addAll(rule.entitlements);
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(new Access(groups, entitlements, List.copyOf(names)));
    }

    /** Every rule, in file and position order. */
    public List<AccessRule> all() {
        return rules.stream().map(c -> c.rule).toList();
    }

    /** The version each file declares, by file name. */
    public Map<String, Integer> versions() {
        return versions;
    }

    /** SHA-256 over every file's name and content: changes when any rule changes. */
    public String fingerprint() {
        return fingerprint;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rule made ready for matching: lower-cased values and compiled job title patterns. */
    private static final class Compiled {
        final AccessRule rule;
        final Set<String> departments;
        final Set<String> costCentres;
        final List<Pattern> jobTitles;
        final Set<String> locations;
        final Set<String> employmentTypes;
        final List<String> entitlements;

        Compiled(AccessRule rule, ObjectMapper mapper) {
            this.rule = rule;
            AccessRule.Match match = rule.match();
            this.departments = lower(match.department());
            this.costCentres = lower(match.costCentre());
            this.jobTitles = match.jobTitle() == null ? null : match.jobTitle().stream().map(Compiled::glob).toList();
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
            return values == null ? null : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
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
}
