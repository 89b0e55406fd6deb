package dev.bricklayer.emulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A faithful local stand-in for Entra ID, Azure Resource Manager and the Azure Databricks workspace APIs.
 * It runs its own HTTPS servers (one for Entra ID and ARM, one per workspace) and a plain-HTTP admin server;
 * Spring Boot only wires it together.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmulatorApplication.class, args);
    }
}
