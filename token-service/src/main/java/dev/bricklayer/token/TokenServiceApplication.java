package dev.bricklayer.token;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** token-service. Scheduling on: sweeps, and common's workspace lanes and lease keeping. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TokenServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenServiceApplication.class, args);
    }
}
