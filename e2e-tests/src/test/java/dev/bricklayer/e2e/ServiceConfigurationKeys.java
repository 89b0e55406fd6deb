package dev.bricklayer.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The configuration keys a service really has, read from the boot jar it runs as: the configuration metadata of its
 * own classes and of every library in it ({@code META-INF/spring-configuration-metadata.json} and the additional
 * metadata), and the keys its {@code application.yml} sets.
 */
final class ServiceConfigurationKeys {

    private final Set<String> keys = new HashSet<>();
    private final Set<String> mapKeys = new HashSet<>();
    private final Set<String> listKeys = new HashSet<>();

    private ServiceConfigurationKeys() {
    }

    static ServiceConfigurationKeys of(Path bootJar) {
        ServiceConfigurationKeys found = new ServiceConfigurationKeys();
        ObjectMapper json = new ObjectMapper();
        try (ZipFile jar = new ZipFile(bootJar.toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    try (ZipInputStream library = new ZipInputStream(jar.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = library.getNextEntry()) != null; ) {
                            if (isMetadata(inner.getName())) {
                                found.addMetadata(json.readTree(library.readAllBytes()));
                            }
                        }
                    }
                } else if (isMetadata(name.replace("BOOT-INF/classes/", ""))) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        found.addMetadata(json.readTree(in));
                    }
                } else if (name.equals("BOOT-INF/classes/application.yml")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (Object document : new Yaml().loadAll(in)) {
                            found.addYaml("", document);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + bootJar, e);
        }
        return found;
    }

    private static boolean isMetadata(String name) {
        return name.equals("META-INF/spring-configuration-metadata.json") || name.equals("META-INF/additional-spring-configuration-metadata.json");
    }

    private void addMetadata(JsonNode metadata) {
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asText();
            keys.add(name);
            if (property.path("type").asText().startsWith("java.util.Map")) {
                mapKeys.add(name);
            }
            if (property.path("type").asText().startsWith("java.util.List")) {
                listKeys.add(name); // a list of objects: its elements' fields are not in the metadata
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void addYaml(String prefix, Object node) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> addYaml(prefix.isEmpty() ? key.toString() : prefix + "." + key, value));
        } else if (!prefix.isEmpty()) {
            keys.add(prefix);
        }
    }

    /** Whether {@code environmentVariable} binds to a key this service has (Spring Boot's relaxed binding). */
    boolean binds(String environmentVariable) {
        for (String key : keys) {
            if (environmentForm(key).equals(environmentVariable)) {
                return true;
            }
        }
        for (String key : mapKeys) {
            if (environmentVariable.startsWith(environmentForm(key) + "_")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code key} (a command-line {@code --key}) is one this service has. */
    boolean has(String key) {
        return keys.contains(key) || mapKeys.stream().anyMatch(m -> key.startsWith(m + "."))
                || listKeys.stream().anyMatch(l -> key.matches(java.util.regex.Pattern.quote(l) + "\\[\\d+]\\.[a-z][a-z0-9-]*"));
    }

    int size() {
        return keys.size();
    }

    /** {@code bricklayer.aad.client-secret} → {@code BRICKLAYER_AAD_CLIENTSECRET}, as Spring Boot binds variables. */
    static String environmentForm(String key) {
        return key.replace("-", "").replaceAll("\\[(\\d+)]", "_$1").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
