package io.hecate.engine.history;

import java.time.Instant;

/** The facts of a run known when it starts. */
public record RunStart(String runId, String workflow, String trigger, String mode, boolean executed, Instant started,
        String processInstanceId) {
}
