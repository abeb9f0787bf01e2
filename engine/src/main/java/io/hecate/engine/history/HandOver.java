package io.hecate.engine.history;

import io.hecate.connectors.Causes;
import io.hecate.connectors.Retry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;

/**
 * H2 handing a file over (AUTO_SERVER): when the process that serves it stops (a command that ends, a daemon restarted,
 * a process killed), the others race to serve it next; the losers hear "another process was faster", and whatever the
 * stopped server was doing for them fails with a broken or closed session, or a transaction its store closed under
 * it ("Transaction 1 is closed"). Such a failure is not a fault: the work is tried again on the next server. After a
 * process was killed the next one serves the file once H2 has seen its lock go stale (~7 s measured); a failure that
 * goes on for {@link #PATIENCE} is thrown.
 */
public final class HandOver {

    public static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final long PAUSE_MILLIS = 100;

    private static final Set<Integer> CODES = Set.of(ErrorCode.ERROR_OPENING_DATABASE_1, ErrorCode.CONNECTION_BROKEN_1,
            ErrorCode.DATABASE_ALREADY_OPEN_1, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.OBJECT_CLOSED);
    /** The serving process's store closed under a transaction: H2 passes it on as a general error, its code ending the text. */
    private static final Pattern STORE_CLOSED = Pattern.compile("MVStoreException: [^\\[]* is closed \\[[^\\]/]*/4\\]");

    private HandOver() {
    }

    /**
     * Whether a failure (anywhere in its causes) is H2 handing the file over from a process that stopped. Not when the
     * file system refused a write ({@link UnwritableStateDir}): H2 then says the same ("error opening database", "the
     * database has been closed"), and no wait mends it; an emergency shutdown waited 20 s for it before it started.
     */
    public static boolean caused(Throwable failure) {
        return Causes.chain(failure).anyMatch(t -> t instanceof SQLException sql && (CODES.contains(sql.getErrorCode())
                || sql.getErrorCode() == ErrorCode.GENERAL_ERROR_1 && sql.getMessage() != null
                && STORE_CLOSED.matcher(sql.getMessage()).find()))
                && !UnwritableStateDir.caused(failure);
    }

    /** {@link #waitedOut(Retry.Attempt, Consumer)} with nothing to say of each hand-over. */
    public static <T, E extends Exception> T waitedOut(Retry.Attempt<T, E> attempt) throws E {
        return waitedOut(attempt, failure -> { });
    }

    /**
     * {@code attempt}, tried again every 100 ms while it fails with a hand-over (each failure told to {@code seen}
     * first), for at most {@link #PATIENCE}. A wait that runs out inside another ends the outer one too, whose patience
     * is spent by then: waits inside waits do not multiply.
     */
    public static <T, E extends Exception> T waitedOut(Retry.Attempt<T, E> attempt, Consumer<Exception> seen) throws E {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        return Retry.whilePassing(Integer.MAX_VALUE, PAUSE_MILLIS, failure -> {
            if (!caused(failure)) {
                return false;
            }
            seen.accept(failure);
            return System.nanoTime() < deadline;
        }, attempt);
    }
}
