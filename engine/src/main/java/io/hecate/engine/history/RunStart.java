package io.hecate.engine.history;

import java.time.Instant;

/** The facts of a run known when it starts; {@code ownerToken} is the starting engine's ({@link RunOwner}). */
public record RunStart(String runId, String workflow, String trigger, String mode, boolean executed, Instant started,
        String processInstanceId, Long ownerToken) {

    public RunStart(String runId, String workflow, String trigger, String mode, boolean executed, Instant started,
            String processInstanceId) {
        this(runId, workflow, trigger, mode, executed, started, processInstanceId, null);
    }
}
