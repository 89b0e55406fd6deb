package dev.bricklayer.platform.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./bricklayer} started as a background job of a script (a non-interactive shell, which starts it with SIGINT
 * ignored) still stops on SIGINT and SIGTERM: {@code with-default-signals} gives the JVM the default handling back,
 * so its shutdown hook — which stops every process of the platform — runs.
 */
class WithDefaultSignalsTest {

    static final Path SCRIPT = Path.of("src/main/sh/with-default-signals").toAbsolutePath();

    @TempDir
    Path directory;

    @ParameterizedTest(name = "kill -{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aJvmStartedInAScriptsBackgroundRunsItsShutdownHookOnTheSignal(String signal) throws Exception {
        String output = runInScriptBackground(SCRIPT + " java", signal);

        assertThat(output).contains("up", "stopped").doesNotContain("slept");
    }

    @ParameterizedTest(name = "kill -{0}")
    @ValueSource(strings = {"INT"})
    void withoutItTheSameJvmIgnoresSigint(String signal) throws Exception {
        String output = runInScriptBackground("java", signal);

        assertThat(output).contains("up", "slept"); // SIGINT did nothing; the program ran to its end
    }

    /** {@code bash -c '<command> … &'}: a background job of a non-interactive shell, sent {@code signal} once it is up. */
    private String runInScriptBackground(String command, String signal) throws IOException, InterruptedException {
        Path out = directory.resolve("out-" + signal + "-" + System.nanoTime());
        String classpath = System.getProperty("java.class.path");
        String script = command + " -cp '" + classpath + "' " + StopsOnSignal.class.getName() + " 4 > '" + out + "' 2>&1 &\n"
                + "pid=$!\n"
                + "for i in $(seq 1 200); do grep -q up '" + out + "' 2>/dev/null && break; sleep 0.1; done\n"
                + "kill -" + signal + " $pid\n"
                + "wait $pid\n";
        Process shell = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out));
        return Files.readString(out);
    }
}
