package dev.bricklayer.common.tls;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The TLS trust of every call a service makes ({@code bricklayer.tls.*}): the name of a Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.jks.<name>.truststore.*} or {@code spring.ssl.bundle.pem.<name>.truststore.*}) used both
 * for Entra ID (MSAL4J) and for the outbound HTTP stack — e.g. the local emulator's certificate. Unset: the JVM's
 * default trust.
 *
 * @param bundle the SSL bundle's name; {@code null} for the JVM's default trust
 */
@ConfigurationProperties("bricklayer.tls")
public record TlsProperties(String bundle) {

    /** Whether a bundle is named. */
    public boolean configured() {
        return bundle != null && !bundle.isBlank();
    }
}
