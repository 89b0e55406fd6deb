package dev.bricklayer.common.aad;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.bricklayer.common.http.AuditSink;
import dev.bricklayer.common.tls.TlsProperties;
import dev.bricklayer.common.tls.TrustBundles;
import dev.bricklayer.common.http.AccessTokenSource;

/**
 * Provides an {@link AccessTokenSource} on MSAL4J when {@code bricklayer.aad.client-id} is set. Where the service
 * has an {@link AuditSink} (it publishes events), MSAL4J's own calls to Entra ID are audited like every other call.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnProperty(prefix = AadProperties.PREFIX, name = "client-id")
@EnableConfigurationProperties({AadProperties.class, TlsProperties.class})
public class AadAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AccessTokenSource.class)
    MsalAccessTokenSource accessTokenSource(AadProperties properties, TlsProperties tls, SslBundles bundles,
                                            ObjectProvider<AuditSink> audit, Environment environment) {
        SSLContext trust = TrustBundles.of(tls, bundles).map(SslBundle::createSslContext).orElse(null);
        AuditSink sink = audit.getIfAvailable();
        return sink == null ? new MsalAccessTokenSource(properties, trust)
                : new MsalAccessTokenSource(properties, trust, sink, environment.getProperty("spring.application.name", "bricklayer"));
    }
}
