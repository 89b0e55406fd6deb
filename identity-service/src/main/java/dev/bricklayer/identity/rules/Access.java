package dev.bricklayer.identity.rules;

import java.util.List;
import java.util.SortedSet;

/**
 * What the rules give one person in one workspace.
 *
 * @param groups       managed groups the person is to be a member of
 * @param entitlements entitlements of the user itself (SCIM values)
 * @param rules        the names of the rules that gave it
 */
public record Access(SortedSet<String> groups, SortedSet<String> entitlements, List<String> rules) {
}
