package com.microsoft.aad.msal4j;

import java.util.Map;

/**
 * MSAL4J picks its managed-identity source from environment variables read through a package-private hook
 * ({@code ManagedIdentityApplication.setEnvironmentVariables}), the one MSAL4J's own tests use. This class, in MSAL4J's
 * package, lets a test point {@code ManagedIdentityApplication} at the emulator without real environment variables.
 */
public final class ManagedIdentityEnvironment {

    private ManagedIdentityEnvironment() {
    }

    /** MSAL4J sees exactly these variables (any other is unset) until {@link #reset()}. */
    public static void use(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        ManagedIdentityApplication.setEnvironmentVariables(copy::get);
    }

    /** MSAL4J reads the process environment again. */
    public static void reset() {
        ManagedIdentityApplication.setEnvironmentVariables(null);
    }
}
