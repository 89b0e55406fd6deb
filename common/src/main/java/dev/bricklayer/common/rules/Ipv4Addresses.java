package dev.bricklayer.common.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * The address forms Databricks IP access lists accept — an IPv4 address ({@code 203.0.113.7}) or an IPv4 CIDR block
 * ({@code 203.0.113.0/24}); "We only support IPv4 and IPv4 CIDR notation for now" — parsed with the IPAddress
 * library (seancfoley), with every looser form it knows (IPv6, ranges, wildcards, masks, {@code inet_aton} short
 * forms, a bare prefix) refused. A CIDR block stands for its whole prefix block, host bits or not
 * ({@code 10.0.0.5/24} is {@code 10.0.0.0/24}).
 */
public final class Ipv4Addresses {

    /** The most values (addresses and CIDR blocks, each counting 1) all IP access lists of a workspace hold together. */
    public static final int IP_ACCESS_LIST_QUOTA = 1000;

    private static final IPAddressStringParameters IPV4_ONLY = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowPrefixOnly(false).allowMask(false)
            .allowIPv6(false).allow_inet_aton(false).allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE).toParams();

    private Ipv4Addresses() {
    }

    /** Whether {@code text} is an IPv4 address or IPv4 CIDR block, as IP access lists accept them. */
    public static boolean isIpv4OrCidr(String text) {
        return parse(text).isPresent();
    }

    /** The addresses {@code text} stands for (a single address, or the CIDR's prefix block); empty when not accepted. */
    public static Optional<IPAddress> parse(String text) {
        IPAddressString parsed = new IPAddressString(text == null ? "" : text.trim(), IPV4_ONLY);
        IPAddress address = parsed.isValid() && parsed.isIPv4() ? parsed.getAddress() : null;
        if (address == null) {
            return Optional.empty();
        }
        return Optional.of(address.getNetworkPrefixLength() == null ? address : address.toPrefixBlock());
    }

    /**
     * One spelling per set of addresses, to compare lists: {@code 10.0.0.1} for a single address (also written
     * {@code 10.0.0.1/32}), {@code 10.0.0.0/24} for a block (also written {@code 10.0.0.5/24}).
     *
     * @throws IllegalArgumentException when {@code text} is not an IPv4 address or CIDR block
     */
    public static String canonical(String text) {
        IPAddress address = require(text);
        Integer prefix = address.getNetworkPrefixLength();
        return prefix == null || prefix == 32 ? address.getLower().withoutPrefixLength().toCanonicalString()
                : address.toCanonicalString();
    }

    /**
     * Whether the two share at least one address.
     *
     * @throws IllegalArgumentException when either is not an IPv4 address or CIDR block
     */
    public static boolean overlaps(String a, String b) {
        return require(a).overlaps(require(b));
    }

    /**
     * Whether every address of {@code range} is in at least one of {@code by} (together: {@code 10.0.0.0/24} is
     * covered by {@code 10.0.0.0/25} and {@code 10.0.0.128/25}).
     *
     * @throws IllegalArgumentException when any is not an IPv4 address or CIDR block
     */
    public static boolean coveredBy(String range, Collection<String> by) {
        IPAddressSeqRange wanted = require(range).toSequentialRange();
        List<IPAddressSeqRange> ranges = new ArrayList<>();
        for (String text : by) {
            ranges.add(require(text).toSequentialRange());
        }
        for (IPAddressSeqRange joined : IPAddressSeqRange.join(ranges.toArray(IPAddressSeqRange[]::new))) {
            if (joined.contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static IPAddress require(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text
                + "' is not an IPv4 address or IPv4 CIDR block"));
    }
}
