package dev.bricklayer.common.tls;

import java.util.Optional;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/** The SSL bundle {@code bricklayer.tls.bundle} names, looked up once where a client is built. */
public final class TrustBundles {

    private TrustBundles() {
    }

    /**
     * @return the bundle, or empty for the JVM's default trust
     * @throws IllegalStateException naming the setting when the bundle does not exist
     */
    public static Optional<SslBundle> of(TlsProperties tls, SslBundles bundles) {
        if (tls == null || !tls.configured()) {
            return Optional.empty();
        }
        try {
            return Optional.of(bundles.getBundle(tls.bundle()));
        } catch (NoSuchSslBundleException e) {
            throw new IllegalStateException("bricklayer.tls.bundle names the SSL bundle '" + tls.bundle()
                    + "', which is not configured (spring.ssl.bundle.jks." + tls.bundle() + ".truststore.* or "
                    + "spring.ssl.bundle.pem." + tls.bundle() + ".truststore.*)", e);
        }
    }
}
