package dev.bricklayer.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.yaml.snakeyaml.Yaml;

/**
 * A service's Kafka consumer bindings as its boot jar's {@code application.yml} declares them: each binding's topics
 * ({@code destination}, comma-separated), consumer group and dead-letter topic.
 */
record ServiceBindings(List<Binding> bindings) {

    /** One consumer binding. */
    record Binding(String name, List<String> topics, String group, String deadLetterTopic) {
    }

    @SuppressWarnings("unchecked")
    static ServiceBindings of(Path bootJar) {
        try (ZipFile jar = new ZipFile(bootJar.toFile()); InputStream in = jar.getInputStream(jar.getEntry("BOOT-INF/classes/application.yml"))) {
            Map<String, Object> yaml = (Map<String, Object>) new Yaml().load(in);
            Map<String, Object> stream = path(yaml, "spring", "cloud", "stream");
            Map<String, Object> kafkaBindings = path(stream, "kafka", "bindings");
            List<Binding> bindings = new ArrayList<>();
            path(stream, "bindings").forEach((name, value) -> {
                Map<String, Object> binding = (Map<String, Object>) value;
                if (name.contains("-in-")) {
                    Object dlq = path(kafkaBindings, name, "consumer").get("dlq-name");
                    bindings.add(new Binding(name, List.of(((String) binding.get("destination")).split(",")), (String) binding.get("group"),
                            (String) dlq));
                }
            });
            return new ServiceBindings(bindings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> map, String... keys) {
        Map<String, Object> at = map;
        for (String key : keys) {
            Object next = at == null ? null : at.get(key);
            at = next instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }
        return at;
    }

    /** Every topic the service consumes. */
    List<String> topics() {
        return bindings.stream().flatMap(b -> b.topics().stream()).distinct().toList();
    }
}
