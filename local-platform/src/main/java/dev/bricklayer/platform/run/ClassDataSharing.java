package dev.bricklayer.platform.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class data sharing for the platform's JVMs, as Spring Boot documents it ("Class Data Sharing"): a boot jar is
 * extracted once ({@code java -Djarmode=tools -jar … extract}: an application jar and its libraries, which the JVM's
 * own class loader reads, so that their classes can be archived) beside it in {@code target/cds/}; a training run
 * starts the application up to its context refreshed and ends ({@code -Dspring.context.exit=onRefresh}), writing a
 * dynamic archive of the classes it loaded ({@code -XX:ArchiveClassesAtExit}); every start then maps that archive
 * ({@code -XX:SharedArchiveFile}) instead of loading, parsing and verifying those classes again — the larger part of a
 * service's start on 2 cores shared by six JVMs. Training a whole run instead (the archive written when the platform
 * stops) made JDK 17 crash while writing it for four of the six JVMs. A rebuilt jar (another size or time) is
 * extracted and trained again; a training that failed is not tried again for that build (the jar runs without an
 * archive); an archive the JVM cannot use is ignored by it.
 */
public final class ClassDataSharing {

    /** How to start one JVM: the jar to run and the flags that map its archive (none without one). */
    public record Launch(Path jar, List<String> flags) {
    }

    /** Runs a training JVM of {@code jar} with {@code flags} (and the service's own) to its end: whether it ended well. */
    @FunctionalInterface
    public interface Training {
        boolean run(Path jar, List<String> flags);
    }

    private static final String ARCHIVE = "classes.jsa";
    private static final String FAILED = "training-failed";
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private ClassDataSharing() {
    }

    /**
     * The launch of {@code bootJar} for the process named {@code name}: its extracted jar with its archive, trained
     * first when there is none yet; the extracted jar without an archive when the training failed; the boot jar as it
     * is when it cannot be extracted. Different jars are prepared in parallel, one jar once.
     */
    public static Launch prepare(String name, Path bootJar, Training training) {
        Path home = bootJar.toAbsolutePath().resolveSibling("cds");
        synchronized (LOCKS.computeIfAbsent(home, h -> new Object())) {
            Path jar;
            try {
                jar = extracted(bootJar, home);
            } catch (IOException | RuntimeException e) {
                return new Launch(bootJar, List.of());
            }
            Path archive = home.resolve(ARCHIVE);
            if (!Files.exists(archive) && !Files.exists(home.resolve(FAILED))) {
                boolean trained = training.run(jar, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                        "-XX:ErrorFile=" + home.resolve("hs_err_training.log"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
                if (!trained || size(archive) == 0) {
                    try {
                        Files.deleteIfExists(archive);
                        Files.writeString(home.resolve(FAILED), name + " ended badly while writing its archive\n");
                    } catch (IOException e) {
                        return new Launch(jar, List.of());
                    }
                }
            }
            return Files.exists(archive) ? new Launch(jar, List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"))
                    : new Launch(jar, List.of());
        }
    }

    /** The extracted application jar of {@code bootJar}, extracting it first when it is missing or of another build. */
    private static Path extracted(Path bootJar, Path home) throws IOException {
        String stamp = Files.size(bootJar) + "-" + Files.getLastModifiedTime(bootJar).toMillis();
        Path stampFile = home.resolve("stamp");
        Path jar = home.resolve("app").resolve(bootJar.getFileName());
        if (Files.exists(jar) && Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return jar;
        }
        delete(home);
        Files.createDirectories(home);
        Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djarmode=tools",
                "-jar", bootJar.toString(), "extract", "--destination", home.resolve("app").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0 || !Files.exists(jar)) {
                extract.destroyForcibly();
                throw new IOException("extracting " + bootJar + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.writeString(stampFile, stamp);
        return jar;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
