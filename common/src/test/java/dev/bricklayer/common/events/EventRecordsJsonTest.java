package dev.bricklayer.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.beans.factory.config.BeanDefinition;

import dev.bricklayer.common.events.hr.EmploymentType;
import dev.bricklayer.common.events.security.WorkspaceSecured;
import dev.bricklayer.common.events.workspace.PermissionObjectType;
import dev.bricklayer.common.events.workspace.PrincipalKind;

class EventRecordsJsonTest {

    private final ObjectMapper mapper = BootObjectMapper.get();

    static Stream<Record> samples() {
        return Events.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordRoundTripsThroughBootJacksonUnchanged(Record sample) throws Exception {
        String json = mapper.writeValueAsString(sample);

        Object back = mapper.readValue(json, sample.getClass());

        assertThat(back).isEqualTo(sample);
        assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
    }

    @Test
    void everyRecordOfTheCatalogHasASampleInTheObjectMother() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> "java.lang.Record".equals(reader.getClassMetadata().getSuperClassName()));
        Set<String> catalog = scanner.findCandidateComponents("dev.bricklayer.common.events").stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> !name.contains("$"))
                .filter(name -> isMainClass(name))
                .collect(Collectors.toSet());
        Set<String> sampled = Events.all().stream().map(r -> r.getClass().getName()).collect(Collectors.toSet());
        // value records only used inside others are covered through their containers
        Set<String> nested = Set.of("FieldError", "Subnet", "BlueprintRef", "IpAccessList", "ClusterPolicy",
                "ClusterSpec", "GroupSpec", "ServicePrincipalSpec", "Grant", "TokenPolicy", "SweepRule",
                "HrAttributes", "DriftEntry", "UnityCatalogSpec", "CatalogSpec");

        assertThat(catalog).hasSizeGreaterThan(30);
        assertThat(catalog.stream().filter(name -> !nested.contains(name.substring(name.lastIndexOf('.') + 1))))
                .allSatisfy(name -> assertThat(sampled).contains(name));
    }

    @Test
    void timesAreIsoStringsAndEnumsUseTheirWireSpelling() throws Exception {
        JsonNode requested = mapper.valueToTree(WorkspaceEvents.requested());
        JsonNode joined = mapper.valueToTree(HrEvents.joined());
        JsonNode ready = mapper.valueToTree(WorkspaceEvents.ready());

        assertThat(requested.get("pricingTier").asText()).isEqualTo("premium");
        assertThat(requested.get("occurredAt").asText()).isEqualTo("2025-03-01T09:00:00Z");
        assertThat(joined.get("effectiveDate").asText()).isEqualTo("2025-03-03");
        assertThat(joined.at("/attributes/employmentType").asText()).isEqualTo("employee");
        JsonNode desired = ready.get("desiredState");
        assertThat(desired.get("driftMode").asText()).isEqualTo("enforce");
        assertThat(desired.get("ipAccessListsAuthoritative").asBoolean()).isTrue();
        assertThat(desired.at("/ipAccessLists/0/listType").asText()).isEqualTo("ALLOW");
        assertThat(desired.at("/groups/0/entitlements/1").asText()).isEqualTo("databricks-sql-access");
        assertThat(desired.at("/grants/2/objectType").asText()).isEqualTo("authorization/tokens");
        assertThat(desired.at("/grants/2/principalKind").asText()).isEqualTo("service_principal");
        assertThat(desired.at("/tokenPolicy/sweepRules/3").toString())
                .isEqualTo("{\"rule\":\"near-expiry\",\"action\":\"report\"}");
    }

    @Test
    void wireSpellingsOfEnumsAreReadBack() throws Exception {
        assertThat(mapper.readValue("\"service_principal\"", PrincipalKind.class)).isEqualTo(PrincipalKind.SERVICE_PRINCIPAL);
        assertThat(mapper.readValue("\"sql/warehouses\"", PermissionObjectType.class))
                .isEqualTo(PermissionObjectType.SQL_WAREHOUSES);
        assertThat(mapper.readValue("\"contractor\"", EmploymentType.class)).isEqualTo(EmploymentType.CONTRACTOR);
    }

    @Test
    void aWorkspaceSecuredOfAProducerFromBeforeCatalogsReadsAsNoCatalogs() throws Exception {
        String older = "{\"workspaceName\":\"ws-a\",\"ipAccessListsEnabled\":true,\"ipAccessLists\":2,\"clusterPolicies\":1,"
                + "\"clusters\":1,\"occurredAt\":\"2025-03-01T09:00:00Z\"}";

        WorkspaceSecured secured = mapper.readValue(older, WorkspaceSecured.class);

        assertThat(secured.catalogs()).isZero();
        assertThat(secured).isEqualTo(new WorkspaceSecured("ws-a", true, 2, 1, 1, java.time.Instant.parse("2025-03-01T09:00:00Z")));
    }

    @Test
    void noTokenEventHasAFieldThatCouldHoldATokenValue() {
        List<Class<?>> tokenEvents = Events.all().stream()
                .map(Object::getClass)
                .filter(type -> type.getPackageName().endsWith(".token"))
                .collect(Collectors.toList());

        assertThat(tokenEvents).hasSizeGreaterThanOrEqualTo(5);
        assertThat(tokenEvents.stream().flatMap(type -> Arrays.stream(type.getRecordComponents())))
                .noneSatisfy(component -> assertThat(component.getName().toLowerCase())
                        .matches(".*(value|secret|bearer|pat).*"));
    }

    private static boolean isMainClass(String name) {
        try {
            Class<?> type = Class.forName(name);
            return !type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
