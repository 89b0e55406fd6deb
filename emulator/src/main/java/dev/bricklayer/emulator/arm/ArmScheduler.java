package dev.bricklayer.emulator.arm;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.bricklayer.emulator.config.EmulatorProperties;

/**
 * Runs ARM's long-running operations on one daemon thread, after {@code emulator.deployment-duration} (or a part
 * of it): deployments, workspace creation and deletion.
 */
@Component
class ArmScheduler {

    private final Duration duration;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "arm-operations");
        thread.setDaemon(true);
        return thread;
    });

    ArmScheduler(EmulatorProperties properties) {
        this.duration = properties.deploymentDuration();
    }

    /** How long a deployment or a workspace creation takes. */
    Duration duration() {
        return duration;
    }

    void after(long millis, Runnable step) {
        executor.schedule(step, millis, TimeUnit.MILLISECONDS);
    }
}
