package io.hecate.engine.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping a thread whose tasks read or write the history without interrupting the task it runs: what the caller does
 * next counts on that task having ended (the owner's stop mark written after the last beat, which would otherwise
 * write over it; the viewer's history closed after its last request). An interrupt no longer breaks H2's files
 * ({@link EngineDatabase}'s {@code async:}), but it still ends a task half done in whatever else it waits on. A task
 * that outlasts the wait is left to end on its own (a daemon thread), never interrupted, and logged.
 */
public final class LetFinish {

    private static final Logger LOG = LoggerFactory.getLogger(LetFinish.class);

    private LetFinish() {
    }

    /**
     * Takes no more work and waits up to {@code wait} for the task under way, {@code what} the log calls it when it
     * outlasts the wait; whether the executor ended in time.
     */
    public static boolean stop(ExecutorService executor, Duration wait, String what) {
        executor.shutdown();
        boolean ended;
        try {
            ended = executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended) {
            LOG.warn("{} still under way after {} s; going on without it", what, wait.toSeconds());
        }
        return ended;
    }
}
