package io.hecate.cli;

import io.hecate.engine.runtime.LetFinish;
import io.hecate.workflows.RunLifecycle;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's eye on runs whose owner died: at start and every {@link #EVERY} it sweeps orphans and takes over
 * an orphaned emergency shutdown at once (a killed CLI's, or the previous daemon's), so no run waits for a job
 * lock to expire and none is resumed silently minutes later.
 */
final class OrphanWatch implements AutoCloseable {

    static final Duration EVERY = Duration.ofSeconds(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(OrphanWatch.class);

    private final RunLifecycle lifecycle;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "orphan-watch");
        thread.setDaemon(true);
        return thread;
    });

    OrphanWatch(RunLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::lookNow, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void lookNow() {
        try {
            lifecycle.tidy(true).forEach(line -> log.warn("runs: {}", line));
        } catch (RuntimeException e) {
            log.warn("runs: looking for orphaned runs failed, trying again in {} s: {}", EVERY.toSeconds(), e.toString());
        }
    }

    @Override
    public void close() {
        LetFinish.stop(timer, CLOSE_WAIT, "runs: the look for orphaned runs");
    }
}
