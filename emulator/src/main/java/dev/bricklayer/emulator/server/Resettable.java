package dev.bricklayer.emulator.server;

/** State the admin API's reset clears. */
public interface Resettable {

    void reset();
}
