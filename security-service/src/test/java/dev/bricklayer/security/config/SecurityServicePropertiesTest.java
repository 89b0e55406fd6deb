package dev.bricklayer.security.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class SecurityServicePropertiesTest {

    private static SecurityServiceProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("bricklayer.security", SecurityServiceProperties.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SecurityServiceProperties properties = bind(Map.of());

        assertThat(properties.platformEgressRanges()).isEmpty();
        assertThat(properties.managePlatformAllowList()).isTrue();
        assertThat(properties.platformAllowListLabel()).isEqualTo("bricklayer-platform");
        assertThat(properties.driftInterval()).hasMinutes(10);
    }

    @Test
    void passesAtOnceAreTheTaskExecutorsThreadsWhoseDefaultIsTheDocumentedOne() throws Exception {
        // bricklayer.security.workers became spring.task.execution.pool.core-size: common's workspace lanes run there
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));

        assertThat(yaml.get(0).getProperty("spring.task.execution.pool.core-size")).isEqualTo(4);
        assertThat(yaml.get(0).getProperty("bricklayer.security.workers")).isNull();
    }

    @Test
    void egressRangesAreCheckedAtStartNamingTheEntry() {
        assertThat(bind(Map.of("bricklayer.security.platform-egress-ranges", "198.18.0.10/32, 203.0.113.0/24")).platformEgressRanges())
                .containsExactly("198.18.0.10/32", "203.0.113.0/24");
        try {
            bind(Map.of("bricklayer.security.platform-egress-ranges", "198.18.0.10/32,2001:db8::1"));
            throw new AssertionError("an IPv6 egress range was accepted");
        } catch (BindException refused) {
            assertThat(refused).hasRootCauseMessage("bricklayer.security.platform-egress-ranges[1]: '2001:db8::1' is not an "
                    + "IPv4 address or IPv4 CIDR block");
        }
    }
}
