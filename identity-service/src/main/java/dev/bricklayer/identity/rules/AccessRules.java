package dev.bricklayer.identity.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.hr.HrAttributes;
import dev.bricklayer.common.events.identity.WorkspacePermission;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.common.files.YamlFolder;

/**
 * The access rules of a folder ({@code *.yaml}, {@code *.yml}), checked when loaded ({@link AccessRuleChecks}): a bad
 * file is refused with its name, the JSON pointer in it, the check it fails and the rule it belongs to. Evaluating
 * them for a person and a workspace gives the groups and entitlements of every rule that matches; a person no rule
 * matches gets nothing. For a workspace alone they give what its groups hold in the account scope ({@link #groupAccess}).
 */
public final class AccessRules {

    /** The configuration key of the folder, named when it is missing. */
    public static final String FOLDER_SETTING = "bricklayer.identity.access-rules-dir";

    private final List<MatchingRule> rules;
    private final Map<String, Integer> versions;
    private final String fingerprint;

    private AccessRules(List<MatchingRule> rules, Map<String, Integer> versions, String fingerprint) {
        this.rules = rules;
        this.versions = versions;
        this.fingerprint = fingerprint;
    }

    /**
     * Loads and checks every rules file of {@code folder}.
     *
     * @throws InvalidFilesException naming every problem of every file
     */
    public static AccessRules load(Path folder, ObjectMapper mapper) {
        YamlFolder.Contents contents = YamlFolder.read(folder, "access rules", FOLDER_SETTING);
        AccessRuleChecks checks = new AccessRuleChecks(mapper);
        checks.problems().addAll(contents.problems());
        List<MatchingRule> compiled = new ArrayList<>();
        Map<String, Integer> versions = new TreeMap<>();
        MessageDigest digest = sha256();
        for (YamlFolder.YamlFile file : contents.files()) {
            digest.update(file.name().getBytes(StandardCharsets.UTF_8));
            digest.update(file.content());
            AccessRuleFile checked = checks.check(file);
            if (checked != null) {
                versions.put(file.name(), checked.version());
                checked.rules().forEach(rule -> compiled.add(new MatchingRule(rule, mapper)));
            }
        }
        InvalidFilesException.throwIfAny("access rules", checks.problems());
        return new AccessRules(List.copyOf(compiled), Map.copyOf(versions), HexFormat.of().formatHex(digest.digest()));
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
        for (MatchingRule rule : rules) {
            if (rule.matches(person) && rule.selects(workspace)) {
                names.add(rule.rule.name());
                rule.rule.groups().stream().filter(workspace.groups()::contains).forEach(groups::add);
                entitlements.addAll(rule.entitlements);
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(new Access(groups, entitlements, List.copyOf(names)));
    }

    /**
     * What the rules that select a workspace give its groups (account scope): each group's workspace permission, and the
     * privileges each holds on the workspace's catalogs and schemas. A group the workspace does not define, and a catalog or
     * schema it does not have, are left out (one rule can serve blueprints with different groups and catalogs).
     */
    public GroupAccess groupAccess(WorkspaceView workspace) {
        Map<String, WorkspacePermission> permissions = new HashMap<>();
        SortedMap<Securable, SortedMap<String, SortedSet<String>>> privileges = new TreeMap<>();
        for (MatchingRule rule : rules) {
            if (!rule.selects(workspace)) {
                continue;
            }
            List<String> groups = rule.rule.groups().stream().filter(workspace.groups()::contains).toList();
            WorkspacePermission permission = rule.rule.workspacePermission() == null ? WorkspacePermission.USER : rule.rule.workspacePermission();
            groups.forEach(group -> permissions.merge(group, permission, (a, b) -> a == WorkspacePermission.ADMIN ? a : b));
            for (AccessRule.DataGrant grant : rule.rule.dataGrants()) {
                Securable securable = grant.securable();
                if (workspace.has(securable)) {
                    groups.forEach(group -> privileges.computeIfAbsent(securable, s -> new TreeMap<>())
                            .computeIfAbsent(group, g -> new TreeSet<>()).addAll(grant.privileges()));
                }
            }
        }
        return new GroupAccess(permissions, privileges);
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
}
