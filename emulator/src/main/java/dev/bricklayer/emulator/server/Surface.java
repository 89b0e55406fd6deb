package dev.bricklayer.emulator.server;

/**
 * The faces the emulator shows, each with its own error body format: Entra ID, ARM, a workspace, and the Azure
 * Databricks account host (whose errors are a workspace's: {@link #databricks()}).
 */
public enum Surface {
    AAD("aad"), ARM("arm"), WORKSPACE("workspace"), ACCOUNT("account");

    private final String tag;

    Surface(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Whether errors take the Databricks REST shape ({@code error_code}, {@code message}). */
    public boolean databricks() {
        return this == WORKSPACE || this == ACCOUNT;
    }
}
