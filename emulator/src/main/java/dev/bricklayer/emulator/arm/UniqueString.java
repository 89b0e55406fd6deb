package dev.bricklayer.emulator.arm;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ARM's {@code uniqueString(...)}: the arguments joined with {@code -}, hashed with the 64-bit Murmur variant of
 * Azure's expression engine, and the hash's top 65 bits written as 13 lower-case base-32 characters. Deterministic,
 * case-sensitive, and equal to what Azure computes.
 */
final class UniqueString {

    private static final int K1 = (int) 2869860233L;
    private static final int K2 = 597399067;
    private static final int F1 = (int) 2246822507L;
    private static final int F2 = (int) 3266489909L;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private UniqueString() {
    }

    static String of(List<String> values) {
        byte[] bytes = String.join("-", values).getBytes(StandardCharsets.UTF_8);
        long hash = hash64(bytes);
        StringBuilder out = new StringBuilder(13);
        for (int i = 0; i < 13; i++) {
            out.append(ALPHABET[(int) ((hash >>> 59) & 31)]);
            hash <<= 5;
        }
        return out.toString();
    }

    static long hash64(byte[] data) {
        int length = data.length;
        int h1 = 0;
        int h2 = 0;
        int index = 0;
        while (index + 7 < length) {
            int k1 = littleEndian(data, index, 4);
            int k2 = littleEndian(data, index + 4, 4);
            k1 = Integer.rotateLeft(k1 * K2, 15) * K1;
            k2 = Integer.rotateLeft(k2 * K1, 17) * K2;
            h1 = Integer.rotateLeft(h1 ^ k1, 19) + h2;
            h1 = h1 * 5 + 1444728091;
            h2 = Integer.rotateLeft(h2 ^ k2, 13) + h1;
            h2 = h2 * 5 + 197830471;
            index += 8;
        }
        int rest = length - index;
        if (rest > 0) {
            int k1 = littleEndian(data, index, Math.min(rest, 4));
            h1 ^= Integer.rotateLeft(k1 * K2, 15) * K1;
            if (rest > 4) {
                int k2 = littleEndian(data, index + 4, rest - 4);
                h2 ^= Integer.rotateLeft(k2 * K1, 17) * K2;
            }
        }
        int r0 = h2 ^ length;
        int r1 = (h1 ^ length) + r0;
        int r2 = r0 + r1;
        r1 = mix(r1);
        r2 = mix(r2);
        r1 = r1 + r2;
        r2 = r2 + r1;
        return ((long) r2 << 32) | (r1 & 0xffffffffL);
    }

    private static int mix(int value) {
        value = (value ^ (value >>> 16)) * F1;
        value = (value ^ (value >>> 13)) * F2;
        return value ^ (value >>> 16);
    }

    private static int littleEndian(byte[] data, int offset, int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value |= (data[offset + i] & 0xff) << (8 * i);
        }
        return value;
    }
}
