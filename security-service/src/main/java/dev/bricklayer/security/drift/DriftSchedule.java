package dev.bricklayer.security.drift;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a round of drift checks every {@code interval} (the first one {@code interval} after start), on its own
 * thread; the checks themselves run in the workspaces' lanes. A round that throws is logged and the next one comes.
 */
public final class DriftSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DriftSchedule.class);

    private final Runnable round;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public DriftSchedule(Runnable round, Duration interval) {
        this.round = round;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "drift-schedule");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                log.error("A round of drift checks failed", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Drift is checked every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
