package dev.bricklayer.emulator.journal;

import java.time.Instant;

/**
 * One request the emulator served.
 *
 * @param sequence      1, 2, 3, … in the order requests completed
 * @param time          when the request arrived
 * @param surface       {@code aad}, {@code arm}, {@code workspace} or {@code account} (the account host)
 * @param workspace     the workspace name for workspace requests, else {@code null}
 * @param method        HTTP method
 * @param path          request path (no query string)
 * @param query         the raw query string, or {@code null}
 * @param status        the status answered (0 when the connection was reset)
 * @param principal     the caller: client id for AAD tokens, user name or application id in a workspace, or {@code null}
 * @param sourceAddress the caller's address
 * @param fault         the id of the fault rule that shaped the answer, or {@code null}
 */
public record JournalEntry(long sequence, Instant time, String surface, String workspace, String method, String path,
                           String query, int status, String principal, String sourceAddress, String fault) {
}
