package dev.bricklayer.emulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class UniqueStringTest {

    @Test
    void matchesAzuresUniqueStringForKnownInputs() {
        // values Azure's uniqueString() returns for these arguments
        assertThat(UniqueString.of(List.of("test"))).isEqualTo("rbgf3xv4ufgzg");
        assertThat(UniqueString.of(List.of("hello", "world"))).isEqualTo("a7wkljktk6wne");
        assertThat(UniqueString.of(List.of("abc"))).isEqualTo("cgtzqvhu4i23s");
        assertThat(UniqueString.of(List.of("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg")))
                .isEqualTo("bmg7c6xu4tw46");
        assertThat(UniqueString.of(List.of("foo", "bar", "baz"))).isEqualTo("xzi4ioaxtmth4");
    }
}
