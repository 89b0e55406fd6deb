package dev.bricklayer.common.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnityCatalogNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"finance", "Finance_2026", "sales-eu", "ünïcode", "a"})
    void namesWithoutSpacesPeriodsSlashesOrControlCharactersAreAccepted(String name) {
        assertThat(UnityCatalogNames.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "my catalog", "main.default", "a/b", "tab\there", "new\nline", "del\u007f"})
    void theRecordedRefusalsAreRefusedHereToo(String name) {
        assertThat(UnityCatalogNames.problem(name)).isPresent();
    }

    @Test
    void theMessageQuotesTheNameAndTheRuleAndNamesTheLengthLimit() {
        assertThat(UnityCatalogNames.problem("main.default")).contains("'main.default' is not a valid name: valid names "
                + "cannot contain spaces, periods, forward slashes, or control characters");
        assertThat(UnityCatalogNames.problem("x".repeat(256))).hasValueSatisfying(m -> assertThat(m).contains("256 characters")
                .contains("allows 255"));
        assertThat(UnityCatalogNames.problem("x".repeat(255))).isEmpty();
        assertThat(UnityCatalogNames.problem(null)).contains("a name is required");
    }

    @Test
    void namesCompareInLowerCase() {
        assertThat(UnityCatalogNames.key("Finance")).isEqualTo(UnityCatalogNames.key("FINANCE")).isEqualTo("finance");
    }
}
