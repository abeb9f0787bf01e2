package io.hecate.engine.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stopping a thread whose tasks read or write the H2 files without interrupting the task it runs: Java closes a file
 * channel whose reader or writer is interrupted, and H2's store over it then fails every later write of this process
 * (its last ones, the owner's stop and the compaction at close, included). A task that outlasts the wait is left to
 * end on its own (a daemon thread), never interrupted.
 */
public final class LetFinish {

    private LetFinish() {
    }

    /** Takes no more work and waits up to {@code wait} for the task under way; whether the executor ended in time. */
    public static boolean stop(ExecutorService executor, Duration wait) {
        executor.shutdown();
        try {
            return executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
