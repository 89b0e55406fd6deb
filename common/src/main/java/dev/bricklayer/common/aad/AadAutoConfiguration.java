package dev.bricklayer.common.aad;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

import dev.bricklayer.common.http.AccessTokenSource;
import dev.bricklayer.common.http.AuditSink;
import dev.bricklayer.common.tls.TlsProperties;
import dev.bricklayer.common.tls.TrustBundles;

/**
 * Provides an {@link AccessTokenSource} on MSAL4J when {@code bricklayer.aad.client-id} or
 * {@code bricklayer.aad.credential} is set (a pod with only the Azure Workload Identity variables gets its client id
 * from {@link WorkloadIdentityEnvironment}): a managed identity's for {@code credential=managed-identity}, else a
 * confidential client's (secret, certificate or federated token). Where the service has an {@link AuditSink} (it
 * publishes events), MSAL4J's own calls are audited like every other call.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@Conditional(AadAutoConfiguration.OnAadConfigured.class)
@EnableConfigurationProperties({AadProperties.class, TlsProperties.class})
public class AadAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AccessTokenSource.class)
    AccessTokenSource accessTokenSource(AadProperties properties, TlsProperties tls, SslBundles bundles,
                                        ObjectProvider<AuditSink> audit, Environment environment) {
        SSLContext trust = TrustBundles.of(tls, bundles).map(SslBundle::createSslContext).orElse(null);
        AuditSink sink = audit.getIfAvailable();
        String service = environment.getProperty("spring.application.name", "bricklayer");
        if (properties.credential() == AadProperties.Credential.MANAGED_IDENTITY) {
            return new ManagedIdentityAccessTokenSource(properties, trust, sink, service);
        }
        return new MsalAccessTokenSource(properties, trust, sink, service);
    }

    /** {@code bricklayer.aad.client-id} or {@code bricklayer.aad.credential} is set. */
    static class OnAadConfigured extends AnyNestedCondition {

        OnAadConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = AadProperties.PREFIX, name = "client-id")
        static class ClientId {
        }

        @ConditionalOnProperty(prefix = AadProperties.PREFIX, name = "credential")
        static class Credential {
        }
    }
}
