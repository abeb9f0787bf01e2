package io.hecate.engine.history;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a workflow as the history holds it. {@code ended} is null while it runs; {@code definitionId} (the
 * deployed BPMN version it executes) is null for runs recorded before it was kept.
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
        String definitionId) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public Duration duration() {
        return ended == null ? null : Duration.between(started, ended);
    }

    public boolean running() {
        return ended == null;
    }
}
