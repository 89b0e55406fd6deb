package dev.bricklayer.platform.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The platform's JVMs: each boot jar started with the platform's JVM flags, its class data sharing archive (trained
 * first when its build has none, {@link ClassDataSharing}) and its log file; stopped together, the last started first.
 */
public final class PlatformJvms {

    private final Path logs;
    private final Consumer<String> progress;
    private final List<JavaProcess> processes = Collections.synchronizedList(new ArrayList<>());

    PlatformJvms(Path logs, Consumer<String> progress) {
        this.logs = logs;
        this.progress = progress;
    }

    /** {@code <root>/<module>/target/<module>-<version>-exec.jar}, built by {@code ./mvnw package}. */
    public static Path bootJar(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().startsWith(module + "-") && f.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No boot jar of " + module + " in " + target
                            + ": build it with ./mvnw -B package -DskipTests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code jar} as the process {@code name} with {@code heap}, its arguments and what it gets in its environment. */
    JavaProcess launch(String name, Path jar, String heap, List<String> arguments, Map<String, String> environment) {
        List<String> jvm = List.of("-Xms32m", "-Xmx" + heap, "-XX:MaxMetaspaceSize=192m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=2", "-Djava.security.egd=file:/dev/./urandom");
        Map<String, String> withArenas = new LinkedHashMap<>(environment);
        // glibc's malloc keeps up to 8 arenas a core for the JVM's native allocations (threads, NIO, Netty); two are
        // plenty for a service and save tens of MB of each process's resident memory
        withArenas.putIfAbsent("MALLOC_ARENA_MAX", "2");
        ClassDataSharing.Launch shared = ClassDataSharing.prepare(name, jar, (extracted, training) -> {
            progress.accept("the class data sharing training of " + name + " (once per build)");
            return new JavaProcess(name + "-cds-training", extracted, Stream.concat(jvm.stream(), training.stream()).toList(), arguments,
                    withArenas, logs.resolve(name + "-cds-training.log")).runToEnd(Duration.ofMinutes(3));
        });
        JavaProcess process = new JavaProcess(name, shared.jar(), Stream.concat(jvm.stream(), shared.flags().stream()).toList(), arguments,
                withArenas, logs.resolve(name + ".log"));
        processes.add(process);
        return process.start();
    }

    List<JavaProcess> processes() {
        return List.copyOf(processes);
    }

    /** Stops every JVM started, the last started first, in parallel. */
    void close() {
        List<JavaProcess> started = new ArrayList<>(processes);
        Collections.reverse(started);
        started.parallelStream().forEach(JavaProcess::close);
    }
}
