package dev.bricklayer.emulator;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A faithful local stand-in for Entra ID, Azure Resource Manager and the Azure Databricks workspace APIs.
 * It runs its own HTTPS servers (one for Entra ID and ARM, one per workspace) and a plain-HTTP admin server;
 * Spring Boot only wires it together.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    /**
     * Settings of the emulator as an application. They are defaults in code, not an {@code application.yml}, so
     * that the emulator can also be started in-process next to another application's configuration (tests of the
     * services do that).
     */
    public static final Map<String, Object> DEFAULTS = Map.of(
            "spring.application.name", "emulator",
            "spring.jackson.default-property-inclusion", "non_null");

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The emulator's time: what decides when tokens expire, budgets renew and operations report. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The emulator as a Spring application without a web server of Spring's own (it runs its own servers). */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EmulatorApplication.class).web(WebApplicationType.NONE).properties(DEFAULTS);
    }
}
