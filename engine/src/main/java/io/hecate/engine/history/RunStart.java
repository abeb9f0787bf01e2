package io.hecate.engine.history;

import java.time.Instant;

/**
 * The facts of a run known when it starts; {@code ownerToken} is the starting engine's ({@link RunOwner});
 * {@code triggeredAt} the peer's trigger instant of a forwarded run, else null ({@link RunRecord#sampleDuration()}).
 */
public record RunStart(String runId, String workflow, String trigger, String mode, boolean executed, Instant started,
        String processInstanceId, Long ownerToken, Instant triggeredAt) {

    public RunStart(String runId, String workflow, String trigger, String mode, boolean executed, Instant started,
            String processInstanceId, Long ownerToken) {
        this(runId, workflow, trigger, mode, executed, started, processInstanceId, ownerToken, null);
    }

    public RunStart(String runId, String workflow, String trigger, String mode, boolean executed, Instant started,
            String processInstanceId) {
        this(runId, workflow, trigger, mode, executed, started, processInstanceId, null, null);
    }
}
