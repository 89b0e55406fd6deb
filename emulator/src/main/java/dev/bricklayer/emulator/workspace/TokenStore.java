package dev.bricklayer.emulator.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Personal access tokens of one workspace. Only a SHA-256 of each token value is kept; the value itself is
 * returned once, at creation.
 */
public final class TokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Pat> byId = new LinkedHashMap<>();
    private final Map<String, String> idByHash = new LinkedHashMap<>();

    /**
     * A token.
     *
     * @param tokenId           id
     * @param creationTime      epoch ms
     * @param expiryTime        epoch ms, -1 = never
     * @param comment           comment
     * @param ownerId           SCIM id of the owner (user or service principal)
     * @param createdById       SCIM id of whoever created it (differs from the owner for on-behalf-of tokens)
     * @param createdByUsername that creator's user name or application id
     * @param lastUsedDay       epoch ms of the day it was last used, 0 = never
     */
    public record Pat(String tokenId, long creationTime, long expiryTime, String comment, String ownerId,
                      String createdById, String createdByUsername, long lastUsedDay) {

        public boolean expiredAt(long epochMillis) {
            return expiryTime != -1 && expiryTime <= epochMillis;
        }

        Pat usedAt(long day) {
            return new Pat(tokenId, creationTime, expiryTime, comment, ownerId, createdById, createdByUsername, day);
        }
    }

    /** A token with its value, as handed out at creation. */
    public record Created(String value, Pat info) {

        @Override
        public String toString() {
            return "Created[info=" + info + ", value=***]";
        }
    }

    public synchronized Created create(long creationTime, long expiryTime, String comment, String ownerId,
                                       String createdById, String createdByUsername) {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String value = "dapi" + HexFormat.of().formatHex(raw);
        byte[] idBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        String tokenId = HexFormat.of().formatHex(idBytes);
        Pat pat = new Pat(tokenId, creationTime, expiryTime, comment, ownerId, createdById, createdByUsername, 0);
        byId.put(tokenId, pat);
        idByHash.put(hash(value), tokenId);
        return new Created(value, pat);
    }

    /** The token a presented value belongs to, if it exists (revoked tokens are gone). */
    public synchronized Optional<Pat> findByValue(String value) {
        String id = idByHash.get(hash(value));
        return Optional.ofNullable(id).map(byId::get);
    }

    /** Notes a use of the token (to the day, as {@code last_used_day}). */
    public synchronized void used(String tokenId, long epochMillis) {
        Pat pat = byId.get(tokenId);
        if (pat != null) {
            long day = epochMillis - Math.floorMod(epochMillis, 86_400_000L);
            byId.put(tokenId, pat.usedAt(day));
        }
    }

    public synchronized Optional<Pat> get(String tokenId) {
        return Optional.ofNullable(byId.get(tokenId));
    }

    public synchronized List<Pat> all() {
        return new ArrayList<>(byId.values());
    }

    public synchronized boolean delete(String tokenId) {
        if (byId.remove(tokenId) == null) {
            return false;
        }
        idByHash.values().removeIf(tokenId::equals);
        return true;
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
