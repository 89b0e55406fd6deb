package dev.bricklayer.workspace.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bricklayer.common.events.workspace.BindingType;
import dev.bricklayer.common.events.workspace.CatalogSpec;
import dev.bricklayer.common.events.workspace.IdentityScope;
import dev.bricklayer.common.events.workspace.IsolationMode;
import dev.bricklayer.common.files.FileProblem;
import dev.bricklayer.common.files.InvalidFilesException;
import dev.bricklayer.workspace.Requests;
import dev.bricklayer.workspace.arm.ArmOptions;

/** The blueprint fields of the account scope, Unity Catalog and ARM 2026-01-01, and their rules, in files and overrides. */
class UnityCatalogAndArmBlueprintTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

    private static List<FileProblem> refused(Path dir, ObjectMapper mapper) {
        return catchThrowableOfType(InvalidFilesException.class, () -> BlueprintCatalog.load(dir, mapper)).problems();
    }

    @Test
    void aBlueprintThatDoesNotSayIsInTheAccountScopeAsAreTheShippedOnesWithTheirCatalogs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("plain.yaml"), "name: plain\nversion: 1\ndescription: x\ndesiredState: {}\n");

        BlueprintCatalog plain = BlueprintCatalog.load(dir, mapper);
        BlueprintCatalog shipped = BlueprintCatalog.load(Requests.blueprints(), mapper);

        assertThat(plain.find("plain", null).orElseThrow().desiredState().identityScope()).isEqualTo(IdentityScope.ACCOUNT);
        assertThat(plain.find("plain", null).orElseThrow().arm()).isEqualTo(ArmOptions.NONE);
        assertThat(shipped.all()).extracting(b -> b.desiredState().identityScope()).containsOnly(IdentityScope.ACCOUNT);
        assertThat(shipped.find("standard", null).orElseThrow().desiredState().unityCatalog().catalogs())
                .extracting(CatalogSpec::name, CatalogSpec::isolationMode).containsExactly(tuple("analytics", IsolationMode.ISOLATED));
        assertThat(shipped.find("restricted", null).orElseThrow().desiredState().unityCatalog().catalogs())
                .extracting(CatalogSpec::name, CatalogSpec::isolationMode).containsExactly(tuple("finance", IsolationMode.ISOLATED));
        assertThat(shipped.all()).extracting(Blueprint::arm).containsOnly(ArmOptions.NONE);
    }

    @Test
    void unityCatalogAndArmOptionsAreReadWithTheirDefaults() {
        Blueprint lakehouse = BlueprintCatalog.load(Requests.ucBlueprints(), mapper).find("lakehouse", null).orElseThrow();

        assertThat(lakehouse.desiredState().identityScope()).isEqualTo(IdentityScope.ACCOUNT);
        assertThat(lakehouse.desiredState().unityCatalog().defaultCatalog()).isEqualTo("analytics");
        assertThat(lakehouse.desiredState().catalogs()).extracting(c -> c.name(), c -> c.isolationMode(), c -> c.binding(), c -> c.schemas())
                .containsExactly(tuple("analytics", IsolationMode.ISOLATED, BindingType.BINDING_TYPE_READ_WRITE, List.of("raw", "curated")),
                        tuple("reference", IsolationMode.OPEN, BindingType.BINDING_TYPE_READ_WRITE, List.of()));
        assertThat(lakehouse.arm().computeMode()).isEqualTo(ArmOptions.ComputeMode.HYBRID);
        assertThat(lakehouse.arm().apiVersion()).isEqualTo("2026-01-01");
        assertThat(lakehouse.arm().enhancedSecurityCompliance().complianceStandards()).containsExactly("HIPAA");
    }

    @Test
    void badCatalogsAreRefusedNamingTheFileThePathAndTheRule(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bad-catalogs.yaml"), String.join("\n",
                "name: bad-catalogs", "version: 1", "description: x", "desiredState:", "  unityCatalog:",
                "    defaultCatalog: nowhere",
                "    catalogs:",
                "      - {name: sales}",
                "      - {name: Sales}",
                "      - {name: 'main.default'}",
                "      - {name: 'my catalog'}",
                "      - {name: system}",
                "      - {name: shared, binding: BINDING_TYPE_READ_ONLY}",
                "      - {name: mirror, isolationMode: ISOLATED, binding: BINDING_TYPE_READ_ONLY, schemas: [landing]}",
                "      - {name: lake, schemas: [raw, RAW, information_schema, 'a/b']}", ""));
        Files.writeString(dir.resolve("nameless.yaml"), "name: nameless\nversion: 1\ndescription: x\ndesiredState:\n"
                + "  unityCatalog: {catalogs: [{comment: no name}]}\n");
        Files.writeString(dir.resolve("closed.yaml"), "name: closed\nversion: 1\ndescription: x\ndesiredState:\n"
                + "  unityCatalog: {catalogs: [{name: x, isolationMode: CLOSED}]}\n");

        List<FileProblem> problems = refused(dir, mapper);

        assertThat(problems).extracting(FileProblem::file, FileProblem::path, FileProblem::rule).containsExactlyInAnyOrder(
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/1/name", "unique"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/2/name", "catalog-name"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/3/name", "catalog-name"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/4/name", "reserved"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/5/binding", "isolated-only"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/6/schemas", "read-only"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/7/schemas/1", "unique"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/7/schemas/2", "reserved"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/catalogs/7/schemas/3", "schema-name"),
                tuple("bad-catalogs.yaml", "/desiredState/unityCatalog/defaultCatalog", "reference"),
                tuple("nameless.yaml", "/desiredState/unityCatalog/catalogs/0/name", "required"),
                tuple("closed.yaml", "/desiredState/unityCatalog/catalogs/0/isolationMode", "value"));
        assertThat(problems).filteredOn(p -> p.path().endsWith("catalogs/2/name")).singleElement().satisfies(p ->
                assertThat(p.message()).isEqualTo("'main.default' is not a valid name: valid names cannot contain spaces, periods, "
                        + "forward slashes, or control characters"));
    }

    @Test
    void armOptionsKeepTheRulesOfTheirComputeMode(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("no-mode.yaml"), "name: no-mode\nversion: 1\ndescription: x\ndesiredState: {}\n"
                + "arm: {publicNetworkAccess: Disabled}\n");
        Files.writeString(dir.resolve("serverless-nsg.yaml"), String.join("\n", "name: serverless-nsg", "version: 1", "description: x",
                "desiredState: {}", "arm:", "  computeMode: Serverless", "  requiredNsgRules: AllRules", "  enhancedSecurityCompliance:",
                "    complianceSecurityProfile: true", "    complianceStandards: [HIPAA, PCI_DSS, hipaa, ' ']", ""));
        Files.writeString(dir.resolve("no-profile.yaml"), "name: no-profile\nversion: 1\ndescription: x\ndesiredState: {}\n"
                + "arm: {computeMode: Hybrid, enhancedSecurityCompliance: {complianceStandards: [HIPAA]}}\n");
        Files.writeString(dir.resolve("unknown.yaml"), "name: unknown\nversion: 1\ndescription: x\ndesiredState: {}\n"
                + "arm: {computeMode: Classic, accessConnector: {id: x}, requiredNsgRules: NoAzureServiceRules}\n");

        List<FileProblem> problems = refused(dir, mapper);

        assertThat(problems).extracting(FileProblem::file, FileProblem::path, FileProblem::rule).containsExactlyInAnyOrder(
                tuple("no-mode.yaml", "/arm/computeMode", "required"),
                tuple("serverless-nsg.yaml", "/arm/requiredNsgRules", "hybrid-only"),
                tuple("serverless-nsg.yaml", "/arm/enhancedSecurityCompliance/complianceStandards/1", "serverless-pci-dss"),
                tuple("serverless-nsg.yaml", "/arm/enhancedSecurityCompliance/complianceStandards/2", "unique"),
                tuple("serverless-nsg.yaml", "/arm/enhancedSecurityCompliance/complianceStandards/3", "required"),
                tuple("no-profile.yaml", "/arm/enhancedSecurityCompliance/complianceStandards", "compliance-profile"),
                tuple("unknown.yaml", "/arm/computeMode", "value"));
        assertThat(problems).filteredOn(p -> p.rule().equals("hybrid-only")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("Not allowed in Serverless ComputeMode workspace"));
    }

    @Test
    void overridesMergeCatalogsByNameReplaceScopeAndArmOptionsAndAreCheckedToo() {
        BlueprintCatalog catalog = BlueprintCatalog.load(Requests.ucBlueprints(), mapper);
        Blueprint lakehouse = catalog.find("lakehouse", null).orElseThrow();

        BlueprintCatalog.Resolution resolved = catalog.resolveAll(lakehouse, Map.of(
                "identityScope", "workspace",
                "unityCatalog", Map.of("defaultCatalog", "finance", "catalogs", List.of(
                        Map.of("name", "reference", "remove", true),
                        Map.of("name", "finance", "isolationMode", "ISOLATED", "binding", "BINDING_TYPE_READ_ONLY"))),
                "arm", Map.of("publicNetworkAccess", "Enabled")));
        InvalidFilesException bad = catchThrowableOfType(InvalidFilesException.class, () -> catalog.resolveAll(lakehouse, Map.of(
                "unityCatalog", Map.of("catalogs", List.of(Map.of("name", "ANALYTICS", "comment", "again"))),
                "arm", Map.of("computeMode", "Serverless"))));
        InvalidFilesException badEnum = catchThrowableOfType(InvalidFilesException.class, () -> catalog.resolveAll(lakehouse,
                Map.of("arm", Map.of("publicNetworkAccess", "Sometimes"))));

        assertThat(resolved.desiredState().identityScope()).isEqualTo(IdentityScope.WORKSPACE);
        assertThat(resolved.desiredState().catalogs()).extracting(c -> c.name()).containsExactly("analytics", "finance");
        assertThat(resolved.desiredState().unityCatalog().defaultCatalog()).isEqualTo("finance");
        assertThat(resolved.arm().publicNetworkAccess()).isEqualTo(ArmOptions.NetworkAccess.ENABLED);
        assertThat(resolved.arm().requiredNsgRules()).isEqualTo(ArmOptions.NsgRules.NoAzureDatabricksRules);
        assertThat(bad.problems()).extracting(FileProblem::file, FileProblem::path, FileProblem::rule).containsExactlyInAnyOrder(
                tuple("overrides", "/unityCatalog/catalogs/2/name", "unique"),
                tuple("overrides", "/arm/requiredNsgRules", "hybrid-only"));
        assertThat(badEnum.problems()).extracting(FileProblem::path, FileProblem::rule)
                .containsExactly(tuple("/arm/publicNetworkAccess", "value"));
    }
}
