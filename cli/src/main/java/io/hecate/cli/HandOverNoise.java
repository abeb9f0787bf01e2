package io.hecate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.hecate.engine.history.HandOver;
import org.slf4j.Marker;

/**
 * Keeps the libraries' stack traces of a hand-over of the database ({@link HandOver}) off stderr: Camunda logs the
 * failed command at ERROR before Hecate tries it again on the next server, which then succeeds; what stays a failure
 * after the tries reaches the error policy like any other. Hecate's own loggers say what happened.
 */
final class HandOverNoise extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // asked before every level check too (isDebugEnabled): most calls carry nothing to look at
        Object last = params == null || params.length == 0 ? null : params[params.length - 1];
        Throwable thrown = t != null ? t : last instanceof Throwable throwable ? throwable : null;
        return thrown != null && !logger.getName().startsWith("io.hecate") && HandOver.caused(thrown) ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
