package dev.bricklayer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.bricklayer.platform.run.PlatformJvms;
import dev.bricklayer.platform.run.PlatformSettings;
import dev.bricklayer.platform.run.ServiceSpec;

/**
 * {@code docker-compose.yml} cannot be started here (no Docker engine), so it is checked: every service is built from
 * its module and listens where the platform says, every setting it is given is a configuration key the service's boot
 * jar really has, and everything waits for what it needs to be healthy.
 */
class DockerComposeTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(in)).get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        assertThat(services).as("compose services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> service, String key) {
        Object value = service.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceIsBuiltFromItsModuleListensOnItsPortAndWaitsForHealthyDependencies() {
        for (ServiceSpec spec : ServiceSpec.all(PlatformSettings.defaults(ROOT))) {
            Map<String, Object> service = service(spec.name());
            assertThat(map(map(service, "build"), "args")).as(spec.name() + " build").containsEntry("MODULE", spec.name());
            Map<String, Object> environment = map(service, "environment");
            assertThat(String.valueOf(environment.get("SERVER_PORT"))).as(spec.name() + " SERVER_PORT").isEqualTo(String.valueOf(spec.port()));
            assertThat((List<String>) service.get("ports")).as(spec.name() + " ports").contains(spec.port() + ":" + spec.port());
            assertThat(String.join(" ", (List<String>) map(service, "healthcheck").get("test"))).contains("/actuator/health/readiness");
            Map<String, Object> dependsOn = map(service, "depends_on");
            for (String needed : List.of("kafka", "postgres", "emulator")) {
                assertThat(dependsOn).as(spec.name() + " depends_on").containsKey(needed);
                assertThat(((Map<String, Object>) dependsOn.get(needed)).get("condition")).isEqualTo("service_healthy");
            }
        }
        for (String infrastructure : List.of("kafka", "postgres", "emulator")) {
            assertThat(service(infrastructure)).as(infrastructure).containsKey("healthcheck");
        }
        assertThat(String.valueOf(service("kafka").get("image"))).startsWith("apache/kafka:");
        assertThat(map(service("kafka"), "environment")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void everySettingGivenToAServiceIsAConfigurationKeyOfItsBootJar() {
        List<String> unknown = new ArrayList<>();
        for (ServiceSpec spec : ServiceSpec.all(PlatformSettings.defaults(ROOT))) {
            ServiceConfigurationKeys keys = ServiceConfigurationKeys.of(PlatformJvms.bootJar(ROOT, spec.name()));
            assertThat(keys.size()).as(spec.name() + " configuration keys").isGreaterThan(500);
            map(service(spec.name()), "environment").keySet().stream().filter(variable -> !keys.binds(variable))
                    .forEach(variable -> unknown.add(spec.name() + ": " + variable));
        }
        ServiceConfigurationKeys emulator = ServiceConfigurationKeys.of(PlatformJvms.bootJar(ROOT, "emulator"));
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) service("emulator").get("command");
        command.stream().map(argument -> argument.substring(2, argument.indexOf('='))).filter(key -> !emulator.has(key))
                .forEach(key -> unknown.add("emulator: --" + key));

        assertThat(unknown).as("settings no service has").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theInitCreatesEveryTopicWithItsPartitions() {
        String script = String.join(" ", (List<String>) service("kafka-topics").get("command")).replace("$$", "$");

        assertThat(TopicScript.topics(script)).as("docker-compose's kafka-topics against TopicLayout").isEqualTo(TopicScript.layout());
    }

    @Test
    void aSettingThatIsNoKeyIsCaught() {
        ServiceConfigurationKeys keys = ServiceConfigurationKeys.of(PlatformJvms.bootJar(ROOT, "workspace-service"));

        assertThat(keys.binds("BRICKLAYER_WORKSPACE_BLUEPRINTSDIR")).isTrue();
        assertThat(keys.binds("SPRING_KAFKA_BOOTSTRAPSERVERS")).isTrue();
        assertThat(keys.binds("BRICKLAYER_WORKSPACE_BLUEPRINTDIR")).isFalse();
        assertThat(keys.binds("SPRING_KAFKA_BOOTSTRAP_SERVERS_TYPO")).isFalse();
        assertThat(ServiceConfigurationKeys.environmentForm("bricklayer.aad.client-secret")).isEqualTo("BRICKLAYER_AAD_CLIENTSECRET");
    }
}
