package io.hecate.engine.power;

import java.time.Instant;
import java.util.Optional;

/**
 * What the {@link RestoreWatch} needs from the workflows: whether a power-triggered shutdown waits to be undone,
 * whether a restore runs, and how to start one (under the startup guards). The CLI wires the workflows' one.
 */
public interface RestoreAction {

    /** The completed power-triggered shutdown to undo, if the intent file says the cluster stays down after one. */
    Optional<PendingRestore> pending();

    /** {@link RestoreState#POWERING_ON} or {@link RestoreState#STARTING} while a restore run goes on. */
    Optional<RestoreState> inProgress();

    /**
     * Starts the restore unless a guard refuses; throwing means it did not start and the watch tries again at the
     * next poll.
     * @return the restore run's id; empty when a guard refused (said in the log) or another host took it
     */
    Optional<String> start(PendingRestore pending, RestoreDecision decision) throws Exception;

    /** When that run set the intent {@code normal}; empty when it has not (failed, superseded, still going). */
    Optional<Instant> normalSince(String runId);
}
