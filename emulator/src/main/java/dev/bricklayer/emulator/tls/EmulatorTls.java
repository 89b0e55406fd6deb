package dev.bricklayer.emulator.tls;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.config.EmulatorProperties;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * The emulator's TLS identity: a self-signed certificate made at start-up for the configured host name,
 * {@code localhost} and {@code 127.0.0.1}, and a PKCS12 trust store holding it, written where clients
 * (MSAL4J, WebClient, the Databricks SDK) can be pointed at it.
 */
@Component
public class EmulatorTls {

    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final SslContext serverContext;
    private final Path trustStorePath;

    public EmulatorTls(EmulatorProperties properties) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        this.keyPair = generator.generateKeyPair();
        this.certificate = selfSigned(keyPair, properties.hostname());
        this.serverContext = SslContextBuilder.forServer(keyPair.getPrivate(), certificate).build();
        this.trustStorePath = Path.of(properties.trustStorePath()).toAbsolutePath();
        writeTrustStore(trustStorePath, properties.trustStorePassword().toCharArray());
    }

    public SslContext serverContext() {
        return serverContext;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The PKCS12 trust store holding the emulator's certificate (alias {@code bricklayer-emulator}). */
    public Path trustStorePath() {
        return trustStorePath;
    }

    private void writeTrustStore(Path path, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("bricklayer-emulator", certificate);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password);
        }
    }

    private static X509Certificate selfSigned(KeyPair keyPair, String hostname) throws Exception {
        X500Name subject = new X500Name("CN=" + hostname + ",O=Bricklayer emulator");
        Instant now = Instant.now();
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, hostname));
        if (!"localhost".equals(hostname)) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        if (hostname.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") && !"127.0.0.1".equals(hostname)) {
            names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(hostname).getHostAddress()));
        }
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(365))), subject, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
    }
}
