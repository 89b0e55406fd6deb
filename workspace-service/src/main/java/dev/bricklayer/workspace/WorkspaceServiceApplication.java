package dev.bricklayer.workspace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** workspace-service: workspace requests, blueprints, ARM deployment and the onboarding saga. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WorkspaceServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkspaceServiceApplication.class, args);
    }
}
