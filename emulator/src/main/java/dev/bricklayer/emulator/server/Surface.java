package dev.bricklayer.emulator.server;

/** The three faces the emulator shows, each with its own error body format. */
public enum Surface {
    AAD("aad"), ARM("arm"), WORKSPACE("workspace");

    private final String tag;

    Surface(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
