package io.hecate.engine.history;

import java.time.Duration;
import java.time.Instant;

/** One stage (a BPMN activity, per node where it works per node) of a run. {@code ended} is null while it runs. */
public record StageRecord(long id, String runId, String stage, String name, String node, Instant started, Instant ended,
        String outcome, String detail) {

    public Duration duration() {
        return ended == null ? null : Duration.between(started, ended);
    }
}
