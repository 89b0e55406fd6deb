package dev.bricklayer.workspace.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.DesiredState;
import dev.bricklayer.common.events.workspace.DriftMode;
import dev.bricklayer.common.events.workspace.ListType;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.files.InvalidFilesException;

class BlueprintCatalogTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    /** The repository's own blueprints folder, which the service loads by default. */
    private static Path repositoryBlueprints() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("blueprints")) ? here.resolve("blueprints") : here.getParent().resolve("blueprints");
    }

    @Test
    void theShippedStandardAndRestrictedBlueprintsAreValid() {
        BlueprintCatalog catalog = BlueprintCatalog.load(repositoryBlueprints(), mapper);

        Blueprint standard = catalog.find("standard", null).orElseThrow();
        Blueprint restricted = catalog.find("restricted", "1").orElseThrow();

        assertThat(standard.reference()).isEqualTo("standard@1");
        assertThat(standard.desiredState().ipAccessLists()).extracting(l -> l.label()).contains("corporate-egress", "known-bad");
        assertThat(standard.desiredState().clusterPolicies().get(0).definition()).startsWith("{").contains("\"autotermination_minutes\"");
        assertThat(restricted.desiredState().driftMode()).isEqualTo(DriftMode.REPORT);
        assertThat(restricted.desiredState().tokenPolicy().maxLifetimeDays()).isEqualTo(7);
        assertThat(standard.desiredState().ipAccessListsAuthoritative()).isTrue();
    }

    @Test
    void theHighestVersionIsTheDefaultAndEveryVersionStaysAddressable(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a-v1.yaml"), "name: a\nversion: 1\ndescription: one\ndesiredState: {driftMode: enforce}\n");
        Files.writeString(dir.resolve("a-v2.yaml"), "name: a\nversion: 2\ndescription: two\ndesiredState: {driftMode: report}\n");

        BlueprintCatalog catalog = BlueprintCatalog.load(dir, mapper);

        assertThat(catalog.find("a", null).orElseThrow().version()).isEqualTo(2);
        assertThat(catalog.find("a", "1").orElseThrow().description()).isEqualTo("one");
        assertThat(catalog.find("a", "3")).isEmpty();
        assertThat(catalog.find("b", null)).isEmpty();
    }

    @Test
    void aBadBlueprintIsRefusedNamingTheFileThePathAndTheRule(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), String.join("\n",
                "name: broken", "version: 1", "description: many mistakes", "desiredState:",
                "  ipAccessLists:",
                "    - {label: office, listType: ALLOW, addresses: [10.0.0.0/8, '2001:db8::/32', 300.1.1.1]}",
                "  clusterPolicies:",
                "    - {name: p, definition: {num_workers: {type: between}}}",
                "  clusters:",
                "    - {name: c, policyName: nope, spec: {num_workers: 1}}",
                "  groups: [{name: admins}]",
                "  tokenPolicy: {maxLifetimeDays: 1000, canUseGroups: [ghosts], nearExpiryDays: 3}", ""));

        InvalidFilesException refused = catchThrowableOfType(InvalidFilesException.class,
                () -> BlueprintCatalog.load(dir, mapper));

        assertThat(refused.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("broken.yaml"));
        assertThat(refused.problems()).extracting(FileProblem::path, FileProblem::rule).contains(
                org.assertj.core.groups.Tuple.tuple("/desiredState/ipAccessLists/0/addresses/1", "ipv4-or-cidr"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/ipAccessLists/0/addresses/2", "ipv4-or-cidr"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/clusterPolicies/0/definition/num_workers", "rule-type"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/clusters/0/policyName", "reference"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/clusters/0/spec/autotermination_minutes", "auto-termination"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/groups/0/name", "unique"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/tokenPolicy/maxLifetimeDays", "range"),
                org.assertj.core.groups.Tuple.tuple("/desiredState/tokenPolicy/canUseGroups/0", "reference"));
        assertThat(refused.getMessage()).contains("broken.yaml /desiredState/ipAccessLists/0/addresses/1 [ipv4-or-cidr]");
    }

    @Test
    void aMissingRequiredFieldIsNamedAndDriftModeDefaultsToEnforce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("nolabel.yaml"), "name: nolabel\nversion: 1\ndescription: x\ndesiredState:\n"
                + "  ipAccessLists:\n    - {listType: ALLOW, addresses: [10.0.0.1]}\n");
        Files.writeString(dir.resolve("plain.yaml"), "name: plain\nversion: 1\ndescription: x\ndesiredState: {}\n");

        InvalidFilesException refused = catchThrowableOfType(InvalidFilesException.class, () -> BlueprintCatalog.load(dir, mapper));
        Files.delete(dir.resolve("nolabel.yaml"));

        assertThat(refused.problems()).extracting(FileProblem::path, FileProblem::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/desiredState/ipAccessLists/0/label", "required"));
        assertThat(BlueprintCatalog.load(dir, mapper).find("plain", null).orElseThrow().desiredState().driftMode())
                .isEqualTo(DriftMode.ENFORCE);
    }

    @Test
    void unknownPropertiesAndEnumsAreRefusedWithTheirPath(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("typo.yaml"), "name: typo\nversion: 1\ndescription: x\ndesiredState:\n  ipAccessLists:\n"
                + "    - {label: a, listType: PERMIT, addresses: [10.0.0.1]}\n");
        Files.writeString(dir.resolve("extra.yaml"), "name: extra\nversion: 1\ndescription: x\ndesiredState: {driftMode: enforce, colour: blue}\n");

        InvalidFilesException refused = catchThrowableOfType(InvalidFilesException.class, () -> BlueprintCatalog.load(dir, mapper));

        assertThat(refused.problems()).extracting(FileProblem::file, FileProblem::path, FileProblem::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("extra.yaml", "/desiredState/colour", "unknown-property"),
                        org.assertj.core.groups.Tuple.tuple("typo.yaml", "/desiredState/ipAccessLists/0/listType", "value"));
    }

    @Test
    void overridesMergeByKeyAddAndRemoveAndAreCheckedToo() {
        BlueprintCatalog catalog = BlueprintCatalog.load(repositoryBlueprints(), mapper);
        Blueprint standard = catalog.find("standard", null).orElseThrow();

        DesiredState resolved = catalog.resolve(standard, Map.of(
                "ipAccessLists", List.of(Map.of("label", "corporate-egress", "listType", "ALLOW", "addresses", List.of("192.0.2.0/24")),
                        Map.of("label", "known-bad", "remove", true),
                        Map.of("label", "partner", "listType", "ALLOW", "addresses", List.of("198.51.100.200"))),
                "tokenPolicy", Map.of("maxLifetimeDays", 30),
                "driftMode", "report",
                "ipAccessListsAuthoritative", false));
        InvalidFilesException bad = catchThrowableOfType(InvalidFilesException.class, () -> catalog.resolve(standard,
                Map.of("ipAccessLists", List.of(Map.of("label", "x", "listType", "BLOCK", "addresses", List.of("not-an-ip"))),
                        "colour", "blue")));

        assertThat(resolved.ipAccessLists()).extracting(l -> l.label()).containsExactly("corporate-egress", "partner");
        assertThat(resolved.ipAccessLists().get(0).addresses()).containsExactly("192.0.2.0/24");
        assertThat(resolved.ipAccessLists().get(1).listType()).isEqualTo(ListType.ALLOW);
        assertThat(resolved.tokenPolicy().maxLifetimeDays()).isEqualTo(30);
        assertThat(resolved.tokenPolicy().canUseGroups()).containsExactly("data-engineers");
        assertThat(resolved.driftMode()).isEqualTo(DriftMode.REPORT);
        assertThat(resolved.ipAccessListsAuthoritative()).isFalse();
        assertThat(resolved.clusterPolicies()).isEqualTo(standard.desiredState().clusterPolicies());
        assertThat(bad.problems()).extracting(FileProblem::file, FileProblem::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("overrides", "/colour"));
        InvalidFilesException badAddress = catchThrowableOfType(InvalidFilesException.class, () -> catalog.resolve(standard,
                Map.of("ipAccessLists", List.of(Map.of("label", "x", "listType", "BLOCK", "addresses", List.of("not-an-ip"))))));
        assertThat(badAddress.problems()).extracting(FileProblem::path, FileProblem::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/ipAccessLists/2/addresses/0", "ipv4-or-cidr"));
    }
}
