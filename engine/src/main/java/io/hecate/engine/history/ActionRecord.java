package io.hecate.engine.history;

import java.time.Instant;

/** One thing a stage did (or, in a dry run, would do), e.g. "ssh titan-04: systemctl stop k3s-agent". */
public record ActionRecord(long id, String runId, String stage, Instant at, String text) {
}
