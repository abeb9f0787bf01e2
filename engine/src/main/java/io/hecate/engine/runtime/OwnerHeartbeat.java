package io.hecate.engine.runtime;

import io.hecate.connectors.DaemonThreads;
import io.hecate.engine.history.HistoryException;
import io.hecate.engine.history.RunHistory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the owner's heartbeat every second while its engine is open; stopping it says the owner is gone. */
final class OwnerHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerHeartbeat.class);
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final RunHistory history;
    private final long token;
    private final Clock clock;
    private ScheduledExecutorService timer;

    OwnerHeartbeat(RunHistory history, long token, Clock clock) {
        this.history = history;
        this.token = token;
        this.clock = clock;
    }

    synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("owner-heartbeat"));
        timer.scheduleWithFixedDelay(this::beat, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            history.heartbeat(token, clock.instant());
        } catch (HistoryException e) {
            LOG.warn("owner heartbeat not written: {}", e.getMessage());
        }
    }

    /** The owner's runs that still run are orphans from now on. A beat being written is let finish ({@link LetFinish}). */
    synchronized void stop() {
        if (timer == null) {
            return;
        }
        LetFinish.stop(timer, STOP_WAIT, "the owner heartbeat's write");
        timer = null;
        try {
            history.ownerStopped(token);
        } catch (HistoryException e) {
            LOG.warn("owner stop not recorded: {}", e.getMessage());
        }
    }
}
