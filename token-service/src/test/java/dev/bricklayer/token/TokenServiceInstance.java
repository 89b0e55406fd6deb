package dev.bricklayer.token;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.bricklayer.servicetest.EmulatedAzure;
import dev.bricklayer.servicetest.ServiceTestProperties;

/** token-service started as a process would be (a new instance each time), against the emulator, the broker and a database. */
public final class TokenServiceInstance {

    private TokenServiceInstance() {
    }

    public static ConfigurableApplicationContext start(EmulatedAzure azure, String database, Map<String, String> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.putAll(ServiceTestProperties.of(azure, database));
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
