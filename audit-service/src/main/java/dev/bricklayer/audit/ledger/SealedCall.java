package dev.bricklayer.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One call, sealed into the chain: what was called, by whom, for which workspace, how it ended, and its place in
 * the chain ({@code sequence}, {@code previousHash}, {@code hash}). {@code amends} is the sequence of the record this
 * one completes — a call first sealed without its completion ({@code OUTCOME_UNKNOWN}) or without its start, whose
 * missing half came later — and {@code null} for a call's first record.
 */
public record SealedCall(
        long sequence,
        String callId,
        String service,
        String principal,
        String api,
        String workspace,
        String host,
        String method,
        String path,
        String pathTemplate,
        Integer attempt,
        String correlationId,
        Instant startedAt,
        Instant completedAt,
        Integer status,
        String outcome,
        String errorCode,
        Long durationMillis,
        Instant sealedAt,
        String previousHash,
        String hash,
        Long amends) {

    /**
     * The content the hash covers, in a fixed order, with times as epoch microseconds (what PostgreSQL keeps): every
     * field but the hash itself.
     */
    public Map<String, Object> canonical() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("sequence", sequence);
        content.put("callId", callId);
        content.put("service", service);
        content.put("principal", principal);
        content.put("api", api);
        content.put("workspace", workspace);
        content.put("host", host);
        content.put("method", method);
        content.put("path", path);
        content.put("pathTemplate", pathTemplate);
        content.put("attempt", attempt);
        content.put("correlationId", correlationId);
        content.put("startedAt", micros(startedAt));
        content.put("completedAt", micros(completedAt));
        content.put("status", status);
        content.put("outcome", outcome);
        content.put("errorCode", errorCode);
        content.put("durationMillis", durationMillis);
        content.put("sealedAt", micros(sealedAt));
        if (amends != null) {
            // only where there is one: records sealed before amendments existed keep their hashes
            content.put("amends", amends);
        }
        content.put("previousHash", previousHash);
        return content;
    }

    /** SHA-256 over the previous hash, a newline and the canonical content as JSON (written by {@code mapper}), in hex. */
    public String computeHash(ObjectMapper mapper) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            return HexFormat.of().formatHex(digest.digest(mapper.writeValueAsBytes(canonical())));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This record with {@code hash}. */
    public SealedCall withHash(String hash) {
        return new SealedCall(sequence, callId, service, principal, api, workspace, host, method, path, pathTemplate, attempt,
                correlationId, startedAt, completedAt, status, outcome, errorCode, durationMillis, sealedAt, previousHash, hash, amends);
    }

    private static Long micros(Instant instant) {
        return instant == null ? null : instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
