package io.hecate.engine.history;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a workflow as the history holds it. {@code ended} is null while it runs. {@code ownerToken} names
 * the engine that carries it ({@link RunOwner}); {@code resumed} is set when another owner took it over or an
 * operator resumed it; {@code resumable} only on an {@code interrupted} run whose process instance can go on;
 * {@code sample} says whether it feeds the learned budgets (clean, executed, uninterrupted successes only).
 * {@code definitionId} (the deployed BPMN version it executes) is null for runs recorded before it was kept.
 * {@code triggeredAt} is the instant a peer's trigger fired, for a run it forwarded; null for every other run.
 */
public record RunRecord(
        String runId,
        String workflow,
        String trigger,
        String mode,
        boolean executed,
        Instant started,
        Instant ended,
        String outcome,
        String detail,
        String processInstanceId,
        Long ownerToken,
        boolean resumed,
        boolean resumable,
        boolean sample,
        String definitionId,
        Instant triggeredAt) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    /** The path went through, but some node did not reach its target state. */
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    /** Its owner died (killed, Ctrl-C, host reset) before it ended. */
    public static final String INTERRUPTED = "interrupted";
    /** An operator ended it ({@code hecate runs abort}). */
    public static final String ABORTED = "aborted";
    /** A run that must win (an emergency shutdown) ended it. */
    public static final String SUPERSEDED = "superseded";
    public static final String CANCELLED = "cancelled";

    public RunRecord(String runId, String workflow, String trigger, String mode, boolean executed, Instant started, Instant ended,
            String outcome, String detail, String processInstanceId) {
        this(runId, workflow, trigger, mode, executed, started, ended, outcome, detail, processInstanceId, null, false, false,
                false, null, null);
    }

    public Duration duration() {
        return ended == null ? null : Duration.between(started, ended);
    }

    /**
     * The one rule for how long a budget sample took: from the trigger to the end. A forwarded run counts from
     * the peer's trigger, so the SSH hop and this host's engine boot are in the budget; a trigger recorded after
     * the start (clock skew between the hosts) counts from the start.
     */
    public Duration sampleDuration() {
        if (ended == null) {
            return null;
        }
        Instant from = triggeredAt != null && triggeredAt.isBefore(started) ? triggeredAt : started;
        return Duration.between(from, ended);
    }

    public boolean running() {
        return ended == null;
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(outcome);
    }

    /** An interrupted run that {@code hecate runs resume} can finish (its owner died on this boot). */
    public boolean interruptedResumable() {
        return INTERRUPTED.equals(outcome) && resumable;
    }
}
