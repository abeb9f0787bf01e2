package io.hecate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.hecate.engine.history.CorruptFile;
import io.hecate.engine.history.HandOver;
import io.hecate.engine.history.UnwritableStateDir;
import org.slf4j.Marker;

/**
 * Keeps off stderr the libraries' stack traces of a database failure Hecate deals with itself: a hand-over of the
 * database ({@link HandOver}; Camunda logs the failed command at ERROR before Hecate tries it again on the next
 * server, which then succeeds) and a file H2 cannot read back ({@link CorruptFile}; the boot sets it aside and goes
 * on, a reader's error policy says what comes next), a state dir that refuses writes ({@link UnwritableStateDir}) and
 * the schema statements that failed with it. What stays a failure reaches the error policy like any other.
 * Hecate's own loggers say what happened.
 */
final class HandledFailureNoise extends TurboFilter {

    /**
     * Camunda's line for each statement of its schema that failed; it then throws the first failure (ENGINE-03017),
     * which reaches the error policy. On a full file system: one line per statement left (~160), each "The database
     * has been closed".
     */
    private static final String FAILED_SCHEMA_STATEMENT = "ENGINE-03015";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // asked before every level check too (isDebugEnabled): most calls carry nothing to look at
        if (format != null && format.startsWith(FAILED_SCHEMA_STATEMENT) && logger.getName().startsWith("org.camunda")) {
            return FilterReply.DENY;
        }
        Object last = params == null || params.length == 0 ? null : params[params.length - 1];
        Throwable thrown = t != null ? t : last instanceof Throwable throwable ? throwable : null;
        return thrown != null && !logger.getName().startsWith("io.hecate") && (HandOver.caused(thrown) || CorruptFile.caused(thrown)
                || UnwritableStateDir.caused(thrown))
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
