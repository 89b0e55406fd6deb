package dev.bricklayer.token;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.bricklayer.testsupport.EmbeddedKafka;

/** token-service started as a process would be (a new instance each time), against the emulator, the broker and a database. */
public final class TokenServiceInstance {

    private TokenServiceInstance() {
    }

    public static ConfigurableApplicationContext start(EmulatedAzure azure, String database, Map<String, String> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.kafka.bootstrap-servers", EmbeddedKafka.bootstrapServers());
        properties.put("spring.cloud.stream.kafka.binder.brokers", EmbeddedKafka.bootstrapServers());
        properties.put("spring.datasource.url", database);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("bricklayer.aad.authority-host", azure.base);
        properties.put("bricklayer.aad.tenant-id", EmulatedAzure.TENANT);
        properties.put("bricklayer.aad.client-id", EmulatedAzure.CLIENT_ID);
        properties.put("bricklayer.aad.client-secret", EmulatedAzure.CLIENT_SECRET);
        properties.put("bricklayer.aad.trust-store.path", azure.trustStore);
        properties.put("bricklayer.aad.trust-store.password", "changeit");
        properties.put("bricklayer.http.arm-base-url", azure.base);
        properties.put("bricklayer.http.trust-store.path", azure.trustStore);
        properties.put("bricklayer.http.trust-store.password", "changeit");
        properties.put("bricklayer.api.jwk-set-uri", azure.base + "/" + EmulatedAzure.TENANT + "/discovery/v2.0/keys");
        properties.put("bricklayer.api.issuer", "https://sts.windows.net/" + EmulatedAzure.TENANT + "/");
        properties.put("bricklayer.api.audience", "api://6f1f4e8e-3a0c-4c39-9d5e-0000000000a1");
        properties.putAll(extra);
        // as command-line arguments: above the service's own application.yml, as in production
        return new SpringApplicationBuilder(TokenServiceApplication.class, OwnNettyResources.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /**
     * Each instance with event loops of its own: Spring Boot's default shares Reactor Netty's global ones and
     * disposes them when the application stops, which would stop the in-process emulator (and the tests' clients)
     * with the first instance. One service per JVM in production does not need it.
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }
}
