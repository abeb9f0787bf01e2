package io.hecate.connectors;

import java.util.function.Predicate;

/**
 * Tries again while a failure only says "not now" (H2 handing its file over from a process that stopped, a job
 * committing on the same instance), with a pause between attempts; any other failure, or the last one, is thrown.
 */
public final class Retry {

    public interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    private Retry() {
    }

    /** An interrupt during a pause ends the tries: the failure is thrown with the interrupt flag set again. */
    public static <T, E extends Exception> T whilePassing(int attempts, long pauseMillis, Predicate<Exception> passing, Attempt<T, E> attempt)
            throws E {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (tried >= attempts || !passing.test(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
