package io.hecate.engine.power;

/**
 * A completed power-triggered shutdown the cluster has not come back from yet.
 * @param shutdownRunId the run that left the intent {@code shutdown_complete}: one restore attempt per such run
 * @param reason what the intent file says about it
 */
public record PendingRestore(String shutdownRunId, String reason) {
}
