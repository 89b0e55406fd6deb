package dev.bricklayer.common.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ClusterPolicyRulesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyRuleTypeOfTheLanguageIsAccepted() {
        String definition = """
                {"autotermination_minutes": {"type": "range", "maxValue": 120, "defaultValue": 60},
                 "num_workers": {"type": "range", "minValue": 1, "maxValue": 8.0},
                 "node_type_id": {"type": "allowlist", "values": ["Standard_DS3_v2"], "defaultValue": "Standard_DS3_v2"},
                 "spark_conf.spark.x": {"type": "blocklist", "values": ["a"]},
                 "spark_version": {"type": "regex", "pattern": "14\\\\.3\\\\..*"},
                 "custom_tags.cost-centre": {"type": "fixed", "value": "data-platform", "hidden": true},
                 "instance_pool_id": {"type": "forbidden", "hidden": true},
                 "driver_node_type_id": {"type": "unlimited", "isOptional": true}}""";

        assertThat(ClusterPolicyRules.check(definition, mapper)).isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamedWithItsAttribute() {
        String definition = """
                {"a": {"type": "between"}, "b": {"type": "fixed"}, "c": {"type": "allowlist", "values": []},
                 "d": {"type": "regex", "pattern": "(unclosed"}, "e": {"type": "range"}, "f": {"type": "range", "minValue": 9, "maxValue": 2},
                 "g": {"type": "range", "maxValue": "ten"}, "h": {"type": "unlimited", "hidden": "yes"}, "i": 5}""";

        assertThat(ClusterPolicyRules.check(definition, mapper))
                .extracting(ClusterPolicyRules.Problem::attribute, ClusterPolicyRules.Problem::rule)
                .containsExactly(tuple("a", "rule-type"), tuple("b", "fixed-value"), tuple("c", "list-values"),
                        tuple("d", "regex-pattern"), tuple("e", "range-bounds"), tuple("f", "range-bounds"),
                        tuple("g", "range-bounds"), tuple("h", "modifier"), tuple("i", "rule-object"));
        assertThat(ClusterPolicyRules.check(definition, mapper).get(0).message())
                .isEqualTo("a: rule type 'between' is not one of [allowlist, blocklist, fixed, forbidden, range, regex, unlimited]");
        assertThat(ClusterPolicyRules.check(definition, mapper).get(5).message()).isEqualTo("f: minValue 9 is greater than maxValue 2");
    }

    @Test
    void aDefinitionMustBeAJsonObjectWithOneRulePerAttribute() {
        assertThat(ClusterPolicyRules.check("{not json", mapper)).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("json"));
        assertThat(ClusterPolicyRules.check("[1, 2]", mapper)).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("json-object"));
        assertThat(ClusterPolicyRules.check(null, mapper)).singleElement()
                .satisfies(p -> assertThat(p.rule()).isEqualTo("json-object"));
        assertThat(ClusterPolicyRules.check("{\"a\": {\"type\": \"forbidden\"}, \"a\": {\"type\": \"unlimited\"}}", mapper))
                .singleElement().satisfies(p -> {
                    assertThat(p.rule()).isEqualTo("duplicate-attribute");
                    assertThat(p.message()).contains("'a'");
                });
    }
}
