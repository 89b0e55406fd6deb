package dev.bricklayer.common.aad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The federated token (Azure Workload Identity: the Kubernetes service account token the kubelet projects and
 * rotates) that MSAL4J sends as client assertion. MSAL4J calls it for every token request it sends, so each request
 * carries the file as it is then; a token served from MSAL4J's cache reads nothing. The token's value is never put
 * in a message.
 */
final class FederatedTokenFile implements Callable<String> {

    static final String PROPERTY = AadProperties.PREFIX + ".federated-token-file";
    /** {@link AadAuthenticationException#errorCode()} of a request that found no token in the file. */
    static final String UNAVAILABLE = "federated_token_unavailable";

    private final Path file;

    /** Reads the file once now, so that a wrong path or an unreadable file fails at startup. */
    FederatedTokenFile(Path file) {
        this.file = file;
        try {
            if (read().isEmpty()) {
                throw new IllegalStateException(PROPERTY + " (" + file + ") is empty: no federated token to sign in with");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the federated token of " + PROPERTY + " (" + file + "): "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The token as the file holds it now.
     *
     * @throws AadAuthenticationException when the file is missing, unreadable or empty (MSAL4J then sends nothing)
     */
    @Override
    public String call() {
        String token;
        try {
            token = read();
        } catch (IOException e) {
            throw unavailable("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty()) {
            throw unavailable("is empty");
        }
        return token;
    }

    private String read() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private AadAuthenticationException unavailable(String what) {
        return new AadAuthenticationException("No federated token to sign in with: " + PROPERTY + " (" + file + ") "
                + what, UNAVAILABLE, List.of(), null, null);
    }
}
