package dev.bricklayer.common.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Ipv4AddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "203.0.113.0/24", "0.0.0.0/0", "10.0.0.5/24", " 198.51.100.1 ", "127.0.0.1/32"})
    void ipv4AddressesAndCidrBlocksAreAccepted(String text) {
        assertThat(Ipv4Addresses.isIpv4OrCidr(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2001:db8::/32", "::1", "300.1.1.1", "10.0.0.0/33", "10.0.0.*", "10.0.0.1-10.0.0.9",
            "10.1", "10", "/24", "10.0.0.0/255.255.255.0", "example.com", "10.0.0.0/8/8"})
    void everyOtherFormIsRefused(String text) {
        assertThat(Ipv4Addresses.isIpv4OrCidr(text)).isFalse();
        assertThat(Ipv4Addresses.parse(text)).isEmpty();
    }

    @Test
    void nullIsNotAnAddress() {
        assertThat(Ipv4Addresses.isIpv4OrCidr(null)).isFalse();
    }

    @Test
    void canonicalFormsMakeEqualSetsCompareEqual() {
        assertThat(Ipv4Addresses.canonical("10.0.0.1/32")).isEqualTo(Ipv4Addresses.canonical("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(Ipv4Addresses.canonical("10.0.0.5/24")).isEqualTo("10.0.0.0/24");
        assertThat(Ipv4Addresses.canonical(" 203.0.113.0/24")).isEqualTo("203.0.113.0/24");
        assertThat(Ipv4Addresses.canonical("0.0.0.0/0")).isEqualTo("0.0.0.0/0");
        assertThatThrownBy(() -> Ipv4Addresses.canonical("::1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'::1' is not an IPv4 address or IPv4 CIDR block");
    }

    @Test
    void overlapIsAnySharedAddress() {
        assertThat(Ipv4Addresses.overlaps("127.0.0.0/8", "127.0.0.1/32")).isTrue();
        assertThat(Ipv4Addresses.overlaps("127.0.0.1", "127.0.0.0/30")).isTrue();
        assertThat(Ipv4Addresses.overlaps("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(Ipv4Addresses.overlaps("10.0.0.0/25", "10.0.0.128/25")).isFalse();
        assertThat(Ipv4Addresses.overlaps("203.0.113.66", "203.0.113.67")).isFalse();
    }

    @Test
    void aRangeIsCoveredByOneBlockOrBySeveralTogether() {
        assertThat(Ipv4Addresses.coveredBy("127.0.0.1/32", List.of("127.0.0.0/8"))).isTrue();
        assertThat(Ipv4Addresses.coveredBy("10.0.0.0/24", List.of("10.0.0.0/25", "10.0.0.128/25"))).isTrue();
        assertThat(Ipv4Addresses.coveredBy("10.0.0.0/24", List.of("10.0.0.0/25", "10.0.0.129/32"))).isFalse();
        assertThat(Ipv4Addresses.coveredBy("10.0.0.0/24", List.of())).isFalse();
        assertThat(Ipv4Addresses.coveredBy("192.0.2.1", List.of("10.0.0.0/8", "192.0.2.1"))).isTrue();
    }
}
