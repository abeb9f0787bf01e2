package io.hecate.engine.history;

import java.time.Duration;

/**
 * Every history write in this JVM, counted: a follower here wakes as soon as a stage of its run is written instead
 * of at its next poll (a run printed live, a CLI run's end seen at once). Writes by another process show at the poll.
 */
public final class HistoryWrites {

    private static final Object LOCK = new Object();
    private static long count;

    private HistoryWrites() {
    }

    static void happened() {
        synchronized (LOCK) {
            count++;
            LOCK.notifyAll();
        }
    }

    /** How many writes this JVM made so far: read it before reading the history, then {@link #awaitAfter} it. */
    public static long count() {
        synchronized (LOCK) {
            return count;
        }
    }

    /** Returns once this JVM wrote after {@code seen} was counted, or after {@code poll}. */
    public static void awaitAfter(long seen, Duration poll) throws InterruptedException {
        long deadline = System.nanoTime() + poll.toNanos();
        synchronized (LOCK) {
            for (long left = poll.toNanos(); count == seen && left > 0; left = deadline - System.nanoTime()) {
                LOCK.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
