package dev.bricklayer.identity.rules;

import java.util.List;

/**
 * One file of access rules.
 *
 * @param version     the file's version (1 or more), raised by whoever changes the rules; logged at start
 * @param description optional, for people
 * @param rules       the rules
 */
public record AccessRuleFile(Integer version, String description, List<AccessRule> rules) {
}
