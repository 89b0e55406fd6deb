package dev.bricklayer.platform.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM the platform starts: a boot jar with its JVM flags, program arguments and environment, its output in a log
 * file of its own. Stopping asks it to end (SIGTERM: Spring closes its context) and kills it after a grace period.
 */
public final class JavaProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    public JavaProcess(String name, Path jar, List<String> jvmFlags, List<String> arguments, Map<String, String> environment,
                       Path logFile) {
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(jvmFlags);
        line.add("-jar");
        line.add(jar.toString());
        line.addAll(arguments);
        this.command = List.copyOf(line);
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** The command line it runs: the JVM, its flags, the jar and the program arguments. */
    public List<String> command() {
        return command;
    }

    /** What it gets in its environment beyond this JVM's own (less the identity variables, see {@link #start()}). */
    public Map<String, String> environment() {
        return environment;
    }

    public synchronized JavaProcess start() {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            // it signs in only as the platform says: an Entra ID identity of the shell that started the platform is not passed on
            builder.environment().keySet().removeIf(key -> key.startsWith("AZURE_") || key.startsWith("BRICKLAYER_AAD_"));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts it and waits for its end: whether it ended with 0 within {@code timeout} (else it is killed). */
    public boolean runToEnd(Duration timeout) {
        start();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue() == 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return false;
    }

    /** The process's id while it runs. */
    public synchronized java.util.OptionalLong pid() {
        return process != null && process.isAlive() ? java.util.OptionalLong.of(process.pid()) : java.util.OptionalLong.empty();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Waits until {@code healthUrl} answers 200, the process dies (its log's last lines are in the exception) or
     * {@code timeout} passes.
     */
    public void awaitHealthy(URI healthUrl, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " stopped during start-up (exit " + process.exitValue() + "); last lines of "
                        + logFile + ":\n" + tail(30));
            }
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " was not healthy at " + healthUrl + " within " + timeout + "; last lines of " + logFile
                + ":\n" + tail(30));
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
