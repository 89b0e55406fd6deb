package dev.bricklayer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bricklayer.platform.run.ClassDataSharing;
import dev.bricklayer.platform.run.PlatformJvms;

/**
 * The local platform's class data sharing on a real boot jar (the emulator's): the first start trains an archive
 * (the application up to its context refreshed); later starts map it, and its classes include the application's own;
 * a rebuilt jar is trained again, and a training that failed is not tried again for that build.
 */
class ClassDataSharingTest {

    @Test
    void aTrainedArchiveIsMappedByLaterStartsAndARebuiltJarIsTrainedAgainOnce(@TempDir Path directory) throws Exception {
        // dynamic archives extend the JDK's own: a JDK installed without it cannot have them (the platform then starts without)
        Assumptions.assumeTrue(new ProcessBuilder(javaCommand(), "-Xshare:on", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0, "the JDK has its own class data sharing archive");
        Path bootJar = Files.copy(PlatformJvms.bootJar(DockerComposeTest.ROOT, "emulator"), directory.resolve("emulator-exec.jar"));
        AtomicInteger trainings = new AtomicInteger();

        ClassDataSharing.Launch first = ClassDataSharing.prepare("emulator", bootJar, (jar, flags) -> {
            trainings.incrementAndGet();
            assertThat(flags).contains("-Dspring.context.exit=onRefresh").anyMatch(flag -> flag.startsWith("-XX:ArchiveClassesAtExit="));
            return exitCode(jar, flags, "-Demulator.port=0", "-Demulator.admin-port=0").exit() == 0;
        });
        assertThat(trainings).hasValue(1);
        assertThat(first.jar()).isNotEqualTo(bootJar).exists();
        assertThat(first.flags()).anyMatch(flag -> flag.startsWith("-XX:SharedArchiveFile="));
        Run archived = exitCode(first.jar(), first.flags(), "-XX:+PrintSharedArchiveAndExit");
        assertThat(archived.exit()).isZero();
        assertThat(archived.output()).contains("dev.bricklayer.emulator.EmulatorApplication");

        ClassDataSharing.Launch again = ClassDataSharing.prepare("emulator", bootJar, (jar, flags) -> trainings.incrementAndGet() < 0);
        assertThat(trainings).as("an archive is trained once").hasValue(1);
        assertThat(again).isEqualTo(first);

        Files.setLastModifiedTime(bootJar, FileTime.fromMillis(System.currentTimeMillis() + 60_000)); // rebuilt
        ClassDataSharing.Launch failed = ClassDataSharing.prepare("emulator", bootJar, (jar, flags) -> trainings.incrementAndGet() < 0);
        assertThat(trainings).hasValue(2);
        assertThat(failed.flags()).isEmpty();
        assertThat(ClassDataSharing.prepare("emulator", bootJar, (jar, flags) -> trainings.incrementAndGet() < 0).flags()).isEmpty();
        assertThat(trainings).as("a failed training is not tried again for the same build").hasValue(2);
    }

    private record Run(int exit, String output) {
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Run exitCode(Path jar, List<String> flags, String... more) {
        try {
            return run(jar, flags, more);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Run run(Path jar, List<String> flags, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand()));
        command.addAll(flags);
        command.addAll(List.of(more));
        command.addAll(List.of("-jar", jar.toString()));
        Path output = Files.createTempFile("cds", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the JVM ended").isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
